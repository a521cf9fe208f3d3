//! `lisa-mock --addr 127.0.0.1:PORT [...]`: see `lisa-mock --help`.

use std::io::Write;
use std::process::ExitCode;

use lisa_mock::config::{parse_args, Parsed, HELP};

fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(Parsed::Run(config)) => config,
        Ok(Parsed::Help) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("lisa-mock: {message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("lisa-mock: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(&config.addr).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("lisa-mock: cannot listen on {}: {e}", config.addr);
                return ExitCode::FAILURE;
            }
        };
        let addr = match listener.local_addr() {
            Ok(a) => a,
            Err(e) => {
                eprintln!("lisa-mock: {e}");
                return ExitCode::FAILURE;
            }
        };
        let shared = lisa_mock::new_shared(config);
        // Tests and scripts wait for exactly this line (with the real port when asked for 0).
        println!("lisa-mock listening on http://{addr}");
        let _ = std::io::stdout().flush();
        match lisa_mock::serve(listener, shared).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("lisa-mock: {e}");
                ExitCode::FAILURE
            }
        }
    })
}
