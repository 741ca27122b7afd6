//! A real headless Chromium for tests: Debian's `chromium` driven through
//! `chromedriver` with fantoccini, plus a tiny loopback file server.
//! Everything started here is stopped when its value is dropped.
#![allow(dead_code)]

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const INSTALL_HINT: &str = "chromedriver is not installed: run ./test.sh (it installs Debian's chromium, chromium-driver and fonts-noto-cjk, and axe-core), or apt-get install chromium chromium-driver fonts-noto-cjk";

/// chromedriver on a port it picks itself (no race), with a private TMPDIR.
pub struct Driver {
    child: Child,
    port: u16,
    tmp: PathBuf,
}

impl Driver {
    /// Starts chromedriver; panics with the install hint when it is missing,
    /// so a machine without the browser fails loudly instead of skipping.
    pub fn start() -> Driver {
        let tmp = tempfile::Builder::new()
            .prefix("zhenggai-wd-")
            .tempdir()
            .unwrap()
            .keep();
        // A chromedriver that exits before it listens (seen once in a
        // loaded full run) is started again; its own words are kept for the
        // message if it never does.
        let log = tmp.join("chromedriver.log");
        for _ in 0..3 {
            let mut child = Command::new("chromedriver")
                .arg("--port=0")
                .env("TMPDIR", &tmp)
                .stdout(Stdio::piped())
                .stderr(std::fs::File::create(&log).unwrap())
                .spawn()
                .expect(INSTALL_HINT);
            let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
            let port = lines.by_ref().map_while(Result::ok).find_map(|l| {
                l.split("started successfully on port ")
                    .nth(1)?
                    .trim_end_matches('.')
                    .parse()
                    .ok()
            });
            match port {
                Some(port) => {
                    std::thread::spawn(move || lines.for_each(drop));
                    return Driver { child, port, tmp };
                }
                None => {
                    let _ = child.kill();
                    let _ = child.wait();
                }
            }
        }
        panic!(
            "chromedriver did not report its port (three tries); it said: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    /// A new browser session with a window of the given size.
    pub async fn client(&self, width: u32, height: u32) -> Client {
        self.session(width, height, true).await
    }

    /// A session whose viewport is exactly `width` CSS pixels wide, as a
    /// phone's: headless Chromium keeps windows at least 500 px wide, so
    /// narrower ones are emulated (device metrics, not the window size).
    pub async fn phone(&self, width: u32, height: u32) -> Client {
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                         "--allow-file-access-from-files"],
                "mobileEmulation": { "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1.0 } }
            }
        });
        ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.as_object().unwrap().clone())
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("WebDriver session")
    }

    /// A session with JavaScript switched off, as some readers browse.
    pub async fn client_without_js(&self, width: u32, height: u32) -> Client {
        self.session(width, height, false).await
    }

    async fn session(&self, width: u32, height: u32, javascript: bool) -> Client {
        // Chromium's content setting: 1 allows scripts, 2 blocks them.
        let scripts = if javascript { 1 } else { 2 };
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "prefs": { "profile.managed_default_content_settings.javascript": scripts },
                "binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                         "--allow-file-access-from-files",
                         format!("--window-size={width},{height}")]
            },
            "goog:loggingPrefs": { "browser": "ALL" }
        });
        ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.as_object().unwrap().clone())
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("WebDriver session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // /shutdown also ends a Chromium whose session a panicking test never
        // closed; the Host header must be local or chromedriver stalls.
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", self.port)) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            let _ = s.write_all(
                b"GET /shutdown HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            );
            let _ = s.read_to_end(&mut Vec::new());
        }
        let started = Instant::now();
        while matches!(self.child.try_wait(), Ok(None))
            && started.elapsed() < Duration::from_secs(5)
        {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.tmp);
    }
}

/// Reads (and clears) the browser console log through chromedriver.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.into()))
    }
}

/// Switches the page's CSS media to print (Chrome DevTools through
/// chromedriver), to test what a printed page keeps.
#[derive(Debug)]
struct PrintMedia;

impl WebDriverCompatibleCommand for PrintMedia {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(r#"{"cmd":"Emulation.setEmulatedMedia","params":{"media":"print"}}"#.into()),
        )
    }
}

/// Renders the current page as printed from now on.
pub async fn emulate_print(client: &Client) {
    client
        .issue_cmd(PrintMedia)
        .await
        .expect("emulate print media");
}

/// Console messages of level SEVERE since the last call.
pub async fn console_errors(client: &Client) -> Vec<String> {
    let log = client
        .issue_cmd(BrowserLog)
        .await
        .expect("read browser log");
    log.as_array()
        .map(|entries| {
            entries
                .iter()
                .filter(|e| e["level"] == "SEVERE")
                .map(|e| e["message"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Resources the page loaded that failed or came from another origin.
pub async fn bad_resources(client: &Client) -> Vec<String> {
    let found = client
        .execute(
            "return performance.getEntriesByType('resource')
               .filter(e => (e.responseStatus && e.responseStatus >= 400) ||
                            (location.protocol !== 'file:' && !e.name.startsWith(location.origin)))
               .map(e => e.name + ' ' + e.responseStatus);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// Runs axe-core (WCAG 2.0/2.1 A and AA) on the current page and returns
/// its violations as readable lines.
pub async fn axe_violations(client: &Client) -> Vec<String> {
    let axe = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js"),
    )
    .expect("node_modules/axe-core is missing: run ./test.sh, which installs it with npm");
    client.execute(&axe, vec![]).await.expect("inject axe-core");
    let result = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
               .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' @ ' +
                              v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(' | '))))
               .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("run axe-core");
    serde_json::from_value(result).unwrap()
}

/// A static file server on 127.0.0.1 for tests (a thread per connection),
/// stopped when dropped. It serves `root` under `prefix` (e.g. `/portal/`).
pub struct FileServer {
    pub url: String,
    stop: Arc<AtomicBool>,
    addr: std::net::SocketAddr,
    /// Every response: request path and body bytes (benchmarks count what
    /// a query costs here, which also sees requests made by web workers).
    pub served: Arc<std::sync::Mutex<Vec<(String, u64)>>>,
}

impl FileServer {
    pub fn start(root: &Path, prefix: &str) -> FileServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let served = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = served.clone();
        let (root, prefix_owned, flag) = (root.to_path_buf(), prefix.to_string(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let (root, prefix, log) = (root.clone(), prefix_owned.clone(), log.clone());
                std::thread::spawn(move || {
                    if let Ok(entry) = respond(stream, &root, &prefix) {
                        log.lock().unwrap().push(entry);
                    }
                });
            }
        });
        FileServer {
            url: format!("http://{addr}{prefix}"),
            stop,
            addr,
            served,
        }
    }
}

impl Drop for FileServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr); // wake the accept loop so it ends
    }
}

/// Answers one request; returns its path and the body size sent.
fn respond(mut stream: TcpStream, root: &Path, prefix: &str) -> std::io::Result<(String, u64)> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let target = line
        .split(' ')
        .nth(1)
        .unwrap_or("/")
        .split(['?', '#'])
        .next()
        .unwrap_or("/");
    // The project's own path resolution: the same rules as `zhenggai serve`.
    let decoded = target.to_string();
    let file = target
        .strip_prefix(prefix.trim_end_matches('/'))
        .and_then(|rest| match zhenggai::serve::http::resolve(root, rest) {
            zhenggai::serve::http::Resolved::File(f) => Some(f),
            _ => None,
        });
    let (status, body, kind) = match file
        .as_ref()
        .and_then(|f| std::fs::read(f).ok().map(|b| (f, b)))
    {
        Some((f, body)) => ("200 OK", body, content_type(f)),
        None => (
            "404 Not Found",
            std::fs::read(root.join("404.html")).unwrap_or_default(),
            "text/html; charset=utf-8",
        ),
    };
    write!(stream, "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len())?;
    stream.write_all(&body)?;
    Ok((decoded, body.len() as u64))
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("wasm") => "application/wasm",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    }
}

/// Percent-encodes a search query for a URL.
pub fn encode_query(q: &str) -> String {
    q.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The visible text of the first element matching `css` on the open page.
pub async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(fantoccini::Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("no element {css}"))
        .text()
        .await
        .unwrap()
}

/// Waits (up to 10 s) until `script` returns true on the open page.
pub async fn wait_until(client: &Client, script: &str) {
    let started = Instant::now();
    loop {
        let value = client.execute(script, vec![]).await.unwrap();
        if value.as_bool() == Some(true) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "timed out waiting for: {script}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
