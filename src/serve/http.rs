//! The preview server: serves the output folder over HTTP (tiny_http) with
//! live reload. Only files inside the output folder can ever be read.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tiny_http::{Header, Request, Response, Server};

/// Where the live-reload script and event stream live; no site path uses it.
pub(crate) const PREFIX: &str = "/__zhenggai/";

const LIVERELOAD: &str = include_str!("livereload.js");

/// Fans rebuild events out to every open page (Server-Sent Events).
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
    /// The event a newly opened page gets first: the current state.
    state: Mutex<String>,
}

impl Hub {
    /// Tells every page the site changed; they reload.
    pub fn reload(&self) {
        self.set_state(event("ok", "{}"));
        self.send(event("reload", "{}"));
    }

    /// Whether pages are showing errors (so even an unchanged rebuild must
    /// tell them to reload and drop the overlay).
    pub fn showing_errors(&self) -> bool {
        self.state.lock().unwrap().starts_with("event: errors")
    }

    /// Tells every page about content errors; they show an overlay.
    pub fn errors(&self, lines: &[String]) {
        let json = serde_json::to_string(lines).unwrap_or_else(|_| "[]".into());
        let message = event("errors", &json);
        self.set_state(message.clone());
        self.send(message);
    }

    fn set_state(&self, message: String) {
        *self.state.lock().unwrap() = message;
    }

    fn send(&self, message: String) {
        self.clients
            .lock()
            .unwrap()
            .retain(|c| c.send(message.clone()).is_ok());
    }

    fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        let state = self.state.lock().unwrap().clone();
        if !state.is_empty() {
            let _ = tx.send(state);
        }
        self.clients.lock().unwrap().push(tx);
        rx
    }
}

fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

/// Starts answering requests on `server`, a thread per request, until the
/// server is unblocked.
pub fn spawn(server: Arc<Server>, out: PathBuf, hub: Arc<Hub>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let (out, hub) = (out.clone(), hub.clone());
            std::thread::spawn(move || handle(request, &out, &hub));
        }
    })
}

fn handle(request: Request, out: &Path, hub: &Hub) {
    let url = request.url().to_string();
    let (path, query) = match url.split('#').next().unwrap_or("/").split_once('?') {
        Some((path, query)) => (path.to_string(), format!("?{query}")),
        None => (
            url.split('#').next().unwrap_or("/").to_string(),
            String::new(),
        ),
    };
    if path == format!("{PREFIX}events") {
        return stream_events(request, hub);
    }
    if path == format!("{PREFIX}livereload.js") {
        let _ = request.respond(bytes(
            200,
            "text/javascript; charset=utf-8",
            LIVERELOAD.as_bytes().to_vec(),
        ));
        return;
    }
    let response = match resolve(out, &path) {
        Resolved::File(file) => match std::fs::read(&file) {
            Ok(body) => page(200, &file, body),
            Err(_) => not_found(out),
        },
        Resolved::Redirect(to) => Response::from_data(Vec::new())
            .with_status_code(301)
            .with_header(header("Location", &format!("{to}{}", encode_query(&query)))),
        Resolved::Forbidden => bytes(
            403,
            "text/plain; charset=utf-8",
            b"403 Forbidden\n".to_vec(),
        ),
        Resolved::NotFound => not_found(out),
    };
    let _ = request.respond(response);
}

fn not_found(out: &Path) -> Response<std::io::Cursor<Vec<u8>>> {
    let page404 = out.join(crate::output::NOT_FOUND);
    match std::fs::read(&page404) {
        Ok(body) => page(404, &page404, body),
        Err(_) => bytes(
            404,
            "text/plain; charset=utf-8",
            b"404 Not Found\n".to_vec(),
        ),
    }
}

/// A file response; HTML gets the live-reload script before `</body>`.
fn page(status: u16, file: &Path, mut body: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    let kind = content_type(file);
    if kind.starts_with("text/html") {
        let tag = format!("<script src=\"{PREFIX}livereload.js\"></script>");
        let at = find_last(&body, b"</body>").unwrap_or(body.len());
        body.splice(at..at, tag.into_bytes());
    }
    bytes(status, kind, body).with_header(header("Cache-Control", "no-store"))
}

fn bytes(status: u16, kind: &str, body: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Holds the connection open and writes each rebuild event as it comes,
/// with a comment every 15 s so dead connections are noticed and closed.
fn stream_events(request: Request, hub: &Hub) {
    let events = hub.subscribe();
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match events.recv_timeout(Duration::from_secs(15)) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: relative links in its
    /// index.html only work from `folder/`. The target is percent-encoded,
    /// as a Location header must be ASCII.
    Redirect(String),
    Forbidden,
    NotFound,
}

/// Maps a URL path to a file inside `out`. Refuses `..` (also
/// percent-encoded), backslashes, NUL and anything whose real path (after
/// symbolic links) leaves the output folder.
pub fn resolve(out: &Path, path: &str) -> Resolved {
    let Some(decoded) = percent_decode(path) else {
        return Resolved::Forbidden;
    };
    if decoded.contains(['\\', '\0']) {
        return Resolved::Forbidden;
    }
    let mut file = out.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Resolved::Forbidden,
            s if s.contains(':') => return Resolved::Forbidden,
            s => file.push(s),
        }
    }
    if file.is_dir() {
        if !decoded.ends_with('/') {
            // Never `//host/…`: a Location starting with two slashes sends
            // the browser to another host.
            let canonical = format!("/{}", decoded.trim_start_matches('/'));
            return Resolved::Redirect(format!("{}/", percent_encode(&canonical)));
        }
        file.push("index.html");
    }
    let (Ok(real), Ok(base)) = (file.canonicalize(), out.canonicalize()) else {
        return Resolved::NotFound;
    };
    if !real.starts_with(&base) {
        return Resolved::Forbidden;
    }
    if real.is_file() {
        Resolved::File(real)
    } else {
        Resolved::NotFound
    }
}

/// Decodes `%XX` escapes; `None` if the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |j: usize| bytes.get(j).and_then(|c| (*c as char).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Escapes a decoded path for a header value, which must be printable
/// ASCII: a folder named 图标 redirects to `%E5%9B%BE%E6%A0%87/`.
fn percent_encode(decoded: &str) -> String {
    escape_bytes(decoded, |b| {
        b.is_ascii_graphic() && !matches!(b, b'%' | b'?' | b'#')
    })
}

/// Escapes the bytes of a raw (still encoded) query string that a header
/// value cannot carry, keeping its own escapes.
fn encode_query(raw: &str) -> String {
    escape_bytes(raw, |b| b.is_ascii_graphic())
}

fn escape_bytes(text: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if keep(byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Content types, UTF-8 for text.
fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir_all(out.join("reports/r1")).unwrap();
        std::fs::write(out.join("index.html"), "x").unwrap();
        std::fs::write(out.join("reports/r1/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        assert!(matches!(resolve(&out, "/"), Resolved::File(_)));
        assert!(matches!(resolve(&out, "/reports/r1/"), Resolved::File(_)));
        assert_eq!(
            resolve(&out, "/reports/r1"),
            Resolved::Redirect("/reports/r1/".into())
        );
        // `//reports` must not send the browser to a host named reports.
        for path in ["//reports", "///reports", "//reports/r1"] {
            match resolve(&out, path) {
                Resolved::Redirect(to) => assert!(!to.starts_with("//"), "{path} → {to}"),
                other => panic!("{path}: {other:?}"),
            }
        }
        std::fs::create_dir_all(out.join("assets/图标 1")).unwrap();
        assert_eq!(
            resolve(&out, "/assets/%E5%9B%BE%E6%A0%87%201"),
            Resolved::Redirect("/assets/%E5%9B%BE%E6%A0%87%201/".into())
        );
        std::fs::create_dir_all(out.join("assets/a?b#c%d")).unwrap();
        assert_eq!(
            resolve(&out, "/assets/a%3Fb%23c%25d"),
            Resolved::Redirect("/assets/a%3Fb%23c%25d/".into())
        );
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/reports/%2E%2E/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/a\\..\\secret.txt",
            "/C:/x",
            "/%ff",
        ] {
            assert_eq!(resolve(&out, bad), Resolved::Forbidden, "{bad}");
        }
        assert_eq!(resolve(&out, "//etc/passwd"), Resolved::NotFound);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt"))
                .unwrap();
            assert_eq!(resolve(&out, "/link.txt"), Resolved::Forbidden);
        }
    }
}
