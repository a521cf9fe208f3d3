//! `lisa-mock --addr 127.0.0.1:PORT [...]`: see `lisa-mock --help`.

use std::io::Write;
use std::process::ExitCode;

use lisa_mock::config::{parse_args, Parsed, HELP};

fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(Parsed::Run(config)) => *config,
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
        let serve_listener = match &config.serve_addr {
            None => None,
            Some(serve_addr) => match tokio::net::TcpListener::bind(serve_addr).await {
                Ok(l) => Some(l),
                Err(e) => {
                    eprintln!("lisa-mock: cannot listen on {serve_addr}: {e}");
                    return ExitCode::FAILURE;
                }
            },
        };
        let mut announce = format!("lisa-mock listening on http://{addr}\n");
        if let Some(second) = serve_listener.as_ref().and_then(|l| l.local_addr().ok()) {
            announce.push_str(&format!("lisa-mock serve listening on http://{second}\n"));
        }
        let shared = lisa_mock::new_shared(config);
        // Tests and scripts wait for exactly the first line (with the real port when asked for
        // 0). One write, errors ignored: a reader may close the pipe after the first line.
        let mut stdout = std::io::stdout();
        let _ = stdout.write_all(announce.as_bytes());
        let _ = stdout.flush();
        match lisa_mock::serve_both(listener, serve_listener, shared).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("lisa-mock: {e}");
                ExitCode::FAILURE
            }
        }
    })
}
