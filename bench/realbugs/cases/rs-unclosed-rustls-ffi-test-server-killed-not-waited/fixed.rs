// Reduced from rustls/rustls-ffi tests/client_server.rs
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::Duration;

struct ServerOptions {
    valgrind: Option<String>,
    port: u16,
}

impl ServerOptions {
    fn run_server(&self) -> Child {
        let mut cmd = match &self.valgrind {
            Some(vg) => {
                let mut c = Command::new(vg);
                c.arg("target/server");
                c
            }
            None => Command::new("target/server"),
        };
        cmd.env("PORT", self.port.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot run server binary")
    }
}

struct TestCase {
    server_opts: ServerOptions,
}

impl TestCase {
    fn run_client(&self) -> Output {
        Command::new("target/client")
            .args(["localhost", &self.server_opts.port.to_string(), "/"])
            .output()
            .expect("cannot run client binary")
    }

    fn run(&self) {
        let mut server = self.server_opts.run_server();
        while TcpStream::connect(("localhost", self.server_opts.port)).is_err() {
            thread::sleep(Duration::from_millis(100));
        }
        let out = self.run_client();
        server.kill().expect("failed to kill server");
        server.wait().expect("failed to wait on server process");
        assert!(out.status.success(), "client failed");
    }
}

fn main() {
    let tc = TestCase { server_opts: ServerOptions { valgrind: None, port: 8443 } };
    tc.run();
}
