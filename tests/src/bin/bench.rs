//! `make bench`: every browser benchmark, figures printed. Usage: `bench [catalogue|metrics|serve|transfer|bulk]`.

use lisa_e2e::bench;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let only = std::env::args().nth(1);
    let mut failed = false;
    let suites: [(&str, fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Vec<bench::Figure>, String>>>>); 5] = [
        ("catalogue", || Box::pin(bench::catalogue::run())),
        ("metrics", || Box::pin(bench::metrics::run())),
        ("serve", || Box::pin(bench::serve::run())),
        ("transfer", || Box::pin(bench::transfer::run())),
        ("bulk", || Box::pin(bench::bulk::run())),
    ];
    for (name, run) in suites {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        println!("== {name}");
        match run().await {
            Ok(figures) => figures.iter().for_each(|f| println!("{f}")),
            Err(e) => {
                eprintln!("{name}: {e}");
                failed = true;
            }
        }
    }
    lisa_e2e::browser::shutdown();
    if failed {
        std::process::exit(1);
    }
}
