//! A real SMTP server for the delivery tests: `tests/support/smtp_server.py`
//! (aiosmtpd) on a free port, run by the Python that scripts/ensure-tools.sh
//! prepares (`BC_TEST_PYTHON`, set by scripts/env.sh). What it accepted is
//! read back from its output.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    Plain,
    StartTls,
    ImplicitTls,
}

pub struct MailServer {
    child: Child,
    received: Receiver<Value>,
    pub port: u16,
    /// The server's self-signed certificate (PEM), when it speaks TLS.
    pub cert_pem: Option<Vec<u8>>,
    dir: PathBuf,
}

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
    pub message_id: String,
    /// The user that authenticated, if any.
    pub auth: Option<String>,
}

fn python() -> String {
    std::env::var("BC_TEST_PYTHON").unwrap_or_else(|_| {
        panic!(
            "BC_TEST_PYTHON is not set: `source scripts/env.sh` after scripts/ensure-tools.sh, \
             which installs aiosmtpd into a venv under the cache directory"
        )
    })
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("bound").port()
}

impl MailServer {
    pub fn start(security: Security, credentials: Option<(&str, &str)>) -> MailServer {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("bc-smtp-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_server.py");
        let mut command = Command::new(python());
        command
            .arg(script)
            .args(["--port", &port.to_string()])
            .arg("--dir")
            .arg(&dir)
            .args([
                "--security",
                match security {
                    Security::Plain => "plain",
                    Security::StartTls => "starttls",
                    Security::ImplicitTls => "tls",
                },
            ]);
        if let Some((user, password)) = credentials {
            command.args(["--user", user, "--password", password]);
        }
        let stderr = std::fs::File::create(dir.join("stderr.log")).expect("log file");
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", python()));
        let stdout = child.stdout.take().expect("piped");
        let (tx, received) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(value) = serde_json::from_str::<Value>(&line) {
                    if tx.send(value).is_err() {
                        return;
                    }
                }
            }
        });
        let ready = received
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| {
                let log = std::fs::read_to_string(dir.join("stderr.log")).unwrap_or_default();
                panic!("the SMTP test server did not start:\n{log}")
            });
        assert_eq!(ready["ready"], true, "{ready}");
        let cert_pem = ready["cert"]
            .as_str()
            .map(|path| std::fs::read(path).expect("certificate readable"));
        MailServer {
            child,
            received,
            port,
            cert_pem,
            dir,
        }
    }

    /// Everything accepted so far (the server prints a message before it
    /// answers 250, so a finished send is already here or on its way).
    pub fn received(&self) -> Vec<Received> {
        let mut all = Vec::new();
        while let Ok(v) = self.received.recv_timeout(Duration::from_millis(200)) {
            let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            all.push(Received {
                to: v["to"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|t| t.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
                subject: text("subject"),
                body: text("body"),
                message_id: text("message_id"),
                auth: v["auth"].as_str().map(str::to_string),
            });
        }
        all
    }
}

impl Drop for MailServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
