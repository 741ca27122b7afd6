//! The preview server: serves the output folder over HTTP with live
//! reload. Only files inside the output folder can ever be read, and what
//! a request may cost is bounded (its head's size and time, the
//! connections open at once).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Where the live-reload script and event stream live; no site path uses it.
pub(crate) const PREFIX: &str = "/__zhenggai/";

const LIVERELOAD: &str = include_str!("livereload.js");

/// Fans rebuild events out to every open page (Server-Sent Events).
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
    /// The event a newly opened page gets first: the current state.
    state: Mutex<String>,
    /// The reload events sent so far (their count) and the latest few. A
    /// page is served with the count at that moment and, when its event
    /// stream opens, gets the ones sent since: a save announced while the
    /// page was reloading (its stream closed) still reaches it.
    sent: Mutex<(u64, std::collections::VecDeque<(u64, String)>)>,
}

/// Reload events kept for pages whose stream is not open yet.
const KEPT_RELOADS: usize = 32;

impl Hub {
    /// Tells every page the site changed; they reload.
    pub fn reload(&self) {
        self.set_state(event("ok", "{}"));
        self.send_reload(event("reload", "{}"));
    }

    /// How many reload events were sent: a page served now needs those
    /// sent from this number on.
    pub fn reloads_sent(&self) -> u64 {
        self.sent.lock().unwrap().0
    }

    fn send_reload(&self, message: String) {
        {
            let mut sent = self.sent.lock().unwrap();
            let number = sent.0;
            sent.1.push_back((number, message.clone()));
            if sent.1.len() > KEPT_RELOADS {
                sent.1.pop_front();
            }
            sent.0 += 1;
        }
        self.send(message);
    }

    /// Tells every page which files a rebuild wrote or removed: a page
    /// reloads when it is one of them or when a file it may show changed
    /// (the theme's assets, an attachment), so the page being edited
    /// reloads at once and the others are left alone. The search page
    /// reloads when the index changed (`search`); the open data and feeds
    /// are shown by no page. Past a few thousand files (a theme change),
    /// every page simply reloads.
    pub fn reload_pages(&self, paths: &[String]) {
        const MAX_LISTED: usize = 2000;
        let search = paths
            .iter()
            .any(|p| p.starts_with(crate::output::SEARCH_FOLDER));
        let shown: Vec<&String> = paths
            .iter()
            .filter(|p| {
                !p.starts_with(crate::output::SEARCH_FOLDER)
                    && !p.starts_with("data/")
                    && !p.ends_with(".xml")
                    && p.as_str() != crate::output::ROBOTS
            })
            .collect();
        if shown.len() > MAX_LISTED || self.showing_errors() {
            return self.reload();
        }
        if shown.is_empty() && !search {
            return;
        }
        let json = serde_json::json!({ "paths": shown, "search": search }).to_string();
        self.set_state(event("ok", "{}"));
        self.send_reload(event("reload", &json));
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

    /// A new page's event stream: the current state, then the reloads
    /// sent since the page was served (`since`; every page reloads when
    /// they are no longer kept), then what comes.
    fn subscribe(&self, since: Option<u64>) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        let state = self.state.lock().unwrap().clone();
        if !state.is_empty() {
            let _ = tx.send(state);
        }
        {
            // Held while the client is added, so no reload falls between.
            let sent = self.sent.lock().unwrap();
            if let Some(since) = since.filter(|&n| n < sent.0) {
                let oldest = sent.1.front().map_or(sent.0, |(n, _)| *n);
                if since < oldest {
                    let _ = tx.send(event("reload", "{}"));
                } else {
                    for (_, message) in sent.1.iter().filter(|(n, _)| *n >= since) {
                        let _ = tx.send(message.clone());
                    }
                }
            }
            self.clients.lock().unwrap().push(tx);
        }
        rx
    }
}

fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

/// The most a request's line and headers may take: browsers send a few
/// kilobytes; anything longer is refused with 431 before it is held.
const MAX_HEAD: u64 = 16 * 1024;

/// Connections answered at once; past it, 503 (a browser opens six per
/// host, and each open page holds one for its event stream).
const MAX_CONNECTIONS: usize = 128;

/// How long a connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The preview's listening socket. Written here rather than taken from an
/// HTTP crate so that what a request may cost is bounded: its head's size,
/// the time to send it and the connections open at once.
pub struct Server {
    listener: TcpListener,
    stopped: AtomicBool,
    open: Arc<AtomicUsize>,
}

impl Server {
    /// Listens on `address` (port 0 picks a free one).
    pub fn bind(address: (std::net::IpAddr, u16)) -> std::io::Result<Server> {
        Ok(Server {
            listener: TcpListener::bind(address)?,
            stopped: AtomicBool::new(false),
            open: Arc::new(AtomicUsize::new(0)),
        })
    }

    /// The address actually listened on.
    pub fn address(&self) -> Option<std::net::SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// Stops accepting: the accept loop wakes (by a connection to itself)
    /// and returns.
    pub fn unblock(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        if let Some(address) = self.address() {
            let _ = TcpStream::connect_timeout(&address, Duration::from_secs(1));
        }
    }
}

/// Starts answering requests on `server`, a thread per connection, until
/// the server is unblocked.
pub fn spawn(server: Arc<Server>, out: PathBuf, hub: Arc<Hub>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        for stream in server.listener.incoming() {
            if server.stopped.load(Ordering::SeqCst) {
                return;
            }
            let Ok(mut stream) = stream else { continue };
            if server.open.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
                let _ = respond(&mut stream, false, plain(503, "503 Service Unavailable\n"));
                continue;
            }
            server.open.fetch_add(1, Ordering::SeqCst);
            let (out, hub, open) = (out.clone(), hub.clone(), server.open.clone());
            std::thread::spawn(move || {
                handle(stream, &out, &hub);
                open.fetch_sub(1, Ordering::SeqCst);
            });
        }
    })
}

/// A response: status, headers and body.
struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Writes `response` and closes the connection (one request each: the
/// preview serves one person's browser, and nothing is held open).
fn respond(stream: &mut TcpStream, head_only: bool, response: Response) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        response.status,
        reason(response.status),
        response.body.len()
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

/// The request line's method and target, reading at most [`MAX_HEAD`]
/// bytes of head; `Err` carries the status to refuse it with.
fn read_head(mut stream: &TcpStream) -> Result<(String, String), u16> {
    // The whole head within READ_TIMEOUT, however slowly it is sent: a
    // client dribbling a byte at a time holds its slot no longer.
    let started = std::time::Instant::now();
    let mut head: Vec<u8> = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let left = READ_TIMEOUT.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Err(408);
        }
        let _ = stream.set_read_timeout(Some(left));
        let n = match stream.read(&mut chunk) {
            Ok(0) => return Err(400),
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(408)
            }
            Err(_) => return Err(400),
        };
        head.extend_from_slice(&chunk[..n]);
        let ended =
            head.windows(4).any(|w| w == b"\r\n\r\n") || head.windows(2).any(|w| w == b"\n\n");
        if ended {
            break;
        }
        if head.len() as u64 > MAX_HEAD {
            return Err(431);
        }
    }
    if head.len() as u64 > MAX_HEAD {
        return Err(431);
    }
    let text = String::from_utf8_lossy(&head);
    let first = text.lines().next().unwrap_or("").trim_end().to_string();
    let mut parts = first.split(' ');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(method), Some(target), Some(version)) if version.starts_with("HTTP/1.") => {
            Ok((method.to_string(), target.to_string()))
        }
        _ => Err(400),
    }
}

fn handle(mut stream: TcpStream, out: &Path, hub: &Hub) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let (method, url) = match read_head(&stream) {
        Ok(head) => head,
        Err(status) => {
            let text = format!("{status} {}\n", reason(status));
            let _ = respond(&mut stream, false, plain(status, &text));
            return;
        }
    };
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        let mut refused = plain(405, "405 Method Not Allowed\n");
        refused.headers.push(("Allow", "GET, HEAD".into()));
        let _ = respond(&mut stream, false, refused);
        return;
    }
    let (path, query) = match url.split('#').next().unwrap_or("/").split_once('?') {
        Some((path, query)) => (path.to_string(), format!("?{query}")),
        None => (
            url.split('#').next().unwrap_or("/").to_string(),
            String::new(),
        ),
    };
    if path == format!("{PREFIX}events") {
        let since = query
            .trim_start_matches('?')
            .split('&')
            .find_map(|pair| pair.strip_prefix("since="))
            .and_then(|n| n.parse().ok());
        return stream_events(stream, hub, since);
    }
    // Counted before the file is read: a reload sent after this may be
    // about the bytes read.
    let since = hub.reloads_sent();
    let response = if path == format!("{PREFIX}livereload.js") {
        bytes(
            200,
            "text/javascript; charset=utf-8",
            LIVERELOAD.as_bytes().to_vec(),
        )
    } else {
        match resolve(out, &path) {
            Resolved::File(file) => match std::fs::read(&file) {
                Ok(body) => page(200, &file, body, since),
                Err(_) => not_found(out, since),
            },
            Resolved::Redirect(to) => Response {
                status: 301,
                headers: vec![("Location", format!("{to}{}", encode_query(&query)))],
                body: Vec::new(),
            },
            Resolved::Forbidden => plain(403, "403 Forbidden\n"),
            Resolved::NotFound => not_found(out, since),
        }
    };
    let _ = respond(&mut stream, head_only, response);
}

fn not_found(out: &Path, since: u64) -> Response {
    let page404 = out.join(crate::output::NOT_FOUND);
    match std::fs::read(&page404) {
        Ok(body) => page(404, &page404, body, since),
        Err(_) => plain(404, "404 Not Found\n"),
    }
}

/// A file response; HTML gets the live-reload script before `</body>`,
/// with the number of reloads sent before it was read (`since`).
fn page(status: u16, file: &Path, mut body: Vec<u8>, since: u64) -> Response {
    let kind = content_type(file);
    if kind.starts_with("text/html") {
        let tag = format!("<script src=\"{PREFIX}livereload.js\" data-since=\"{since}\"></script>");
        let at = find_last(&body, b"</body>").unwrap_or(body.len());
        body.splice(at..at, tag.into_bytes());
    }
    let mut response = bytes(status, kind, body);
    response.headers.push(("Cache-Control", "no-store".into()));
    response
}

fn bytes(status: u16, kind: &str, body: Vec<u8>) -> Response {
    Response {
        status,
        headers: vec![("Content-Type", kind.to_string())],
        body,
    }
}

fn plain(status: u16, text: &str) -> Response {
    bytes(
        status,
        "text/plain; charset=utf-8",
        text.as_bytes().to_vec(),
    )
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Holds the connection open and writes each rebuild event as it comes,
/// with a comment every 15 s so dead connections are noticed and closed.
fn stream_events(mut writer: TcpStream, hub: &Hub, since: Option<u64>) {
    let events = hub.subscribe(since);
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
    let Some(decoded) = crate::output::percent_decode(path) else {
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
