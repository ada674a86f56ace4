//! The HTTP side of `serve`: site files from memory with their content types, the
//! 404 page with status 404, folders without a trailing slash redirected, the
//! live-reload script and its event stream (server-sent events). HTML responses get
//! the script, and the error overlay while the last rebuild failed.
//!
//! axum on tokio: server-sent events and graceful shutdown come with it. Nothing here
//! touches the disk; the rebuild thread updates [`Served`] and announces [`LiveEvent`]s.

use std::collections::{BTreeMap, BTreeSet};
use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::uri::Authority;
use axum::http::{HeaderValue, Method, StatusCode, Uri, Version, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::{broadcast, watch};

use crate::diag::Failure;
use crate::output::SiteOutput;
use crate::serve::inject::{self, EVENTS_PATH, LIVE_JS, RESERVED_PREFIX, SCRIPT_PATH};
use crate::serve::request::{self, Lookup};

/// What the server answers with: the last good site and, if the last rebuild failed, why.
#[derive(Default)]
pub struct Served {
    pub output: SiteOutput,
    pub failure: Option<Failure>,
    /// Counts published rebuilds; pages carry it so a reconnecting page knows it is old.
    pub build: u64,
}

/// Told to every open page after a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEvent {
    /// Pages showing one of `paths` (output paths) reload; every page when `None`.
    Reload { build: u64, paths: Option<Vec<String>> },
    /// Only these stylesheets (URL paths) changed.
    Css { build: u64, paths: Vec<String> },
}

impl LiveEvent {
    fn to_sse(&self) -> Event {
        let (name, data) = match self {
            LiveEvent::Reload { build, paths: None } => ("reload", serde_json::json!({ "build": build })),
            LiveEvent::Reload { build, paths: Some(paths) } => {
                ("reload", serde_json::json!({ "build": build, "paths": paths }))
            }
            LiveEvent::Css { build, paths } => ("css", serde_json::json!({ "build": build, "paths": paths })),
        };
        Event::default().event(name).data(data.to_string())
    }
}

/// State shared by the request handlers and the rebuild thread.
pub struct Shared {
    served: RwLock<Served>,
    events: broadcast::Sender<LiveEvent>,
    shutdown: watch::Receiver<bool>,
    /// The page (output path) each open event stream belongs to, by stream.
    open: Mutex<BTreeMap<u64, String>>,
    next_stream: AtomicU64,
}

impl Shared {
    pub fn new(served: Served, shutdown: watch::Receiver<bool>) -> Shared {
        let (events, _) = broadcast::channel(64);
        Shared { served: RwLock::new(served), events, shutdown, open: Mutex::default(), next_stream: AtomicU64::new(0) }
    }

    pub fn read(&self) -> RwLockReadGuard<'_, Served> {
        self.served.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, Served> {
        self.served.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// The output paths of the pages open in a browser now.
    pub fn open_pages(&self) -> BTreeSet<String> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner).values().cloned().collect()
    }

    /// Tells open pages; no page listening is not an error.
    pub fn announce(&self, event: LiveEvent) {
        let _ = self.events.send(event);
    }
}

/// The server's routes. `local_only` (the server listens on a loopback address) also
/// refuses requests addressed to any other host name: see [`check_host`].
pub fn router(shared: Arc<Shared>, local_only: bool) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(script))
        .fallback(site_file)
        .with_state(shared)
        .layer(middleware::from_fn_with_state(local_only, check_host))
}

/// The `Host` header, before anything else. More than one, or none in an HTTP/1.1
/// request, is 400, as RFC 9112 (section 3.2) requires of a server; hyper leaves it to
/// us. A second `Host` would also let a request pass the check below with one name and
/// be read by something else with the other.
///
/// With `local_only`, answers only requests addressed to this computer (`localhost`, a
/// name under `.localhost`, or a loopback address). A web page elsewhere cannot then read
/// the preview through a name of its own that resolves to 127.0.0.1 (DNS rebinding): the
/// browser sends that name as the host, and gets 403.
async fn check_host(State(local_only): State<bool>, request: Request, next: Next) -> Response {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let host = hosts.next();
    if hosts.next().is_some() {
        return bad_request("a request must have one Host header, not several\n");
    }
    match host {
        None if request.version() >= Version::HTTP_11 => bad_request("an HTTP/1.1 request must have a Host header\n"),
        Some(host) if local_only && !is_local_host(host) => {
            let host = String::from_utf8_lossy(host.as_bytes()).into_owned();
            let message = format!(
                "accord serve answers requests for localhost only, not for host {host:?}.\n\
                 To preview from another device, start it with --bind and an address it can reach.\n"
            );
            let mut response = (StatusCode::FORBIDDEN, message).into_response();
            set_headers(&mut response, "text/plain; charset=utf-8");
            response
        }
        // HTTP/1.0 requests may have no Host at all: those are not from a browser page.
        _ => next.run(request).await,
    }
}

fn bad_request(message: &'static str) -> Response {
    let mut response = (StatusCode::BAD_REQUEST, message).into_response();
    set_headers(&mut response, "text/plain; charset=utf-8");
    response
}

/// Whether a `Host` header names this computer: `localhost` (or a name below it, which
/// RFC 6761 reserves for loopback) or a loopback address, with any port.
fn is_local_host(host: &HeaderValue) -> bool {
    let Ok(authority) = host.to_str().unwrap_or_default().parse::<Authority>() else { return false };
    let name = authority.host().trim_end_matches('.').to_ascii_lowercase();
    let address = name.trim_start_matches('[').trim_end_matches(']');
    name == "localhost" || name.ends_with(".localhost") || address.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

async fn script() -> Response {
    let mut response = LIVE_JS.into_response();
    set_headers(&mut response, "text/javascript; charset=utf-8");
    response
}

/// A page with its event stream open; forgotten when the stream ends.
struct OpenPage {
    shared: Arc<Shared>,
    stream: u64,
}

impl OpenPage {
    fn register(shared: &Arc<Shared>, page: String) -> OpenPage {
        let stream = shared.next_stream.fetch_add(1, Ordering::Relaxed);
        shared.open.lock().unwrap_or_else(PoisonError::into_inner).insert(stream, page);
        OpenPage { shared: Arc::clone(shared), stream }
    }
}

impl Drop for OpenPage {
    fn drop(&mut self) {
        self.shared.open.lock().unwrap_or_else(PoisonError::into_inner).remove(&self.stream);
    }
}

/// `hello` with the current build at once, then `reload` or `css` after each rebuild.
/// `?page=` names the page listening (its output path), so a template change can
/// render it first.
async fn events(State(shared): State<Arc<Shared>>, uri: Uri) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let page = url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .find(|(key, _)| key == "page")
        .map(|(_, value)| value.into_owned())
        .filter(|page| !page.is_empty() && page.len() <= 1024);
    let open_page = page.map(|page| OpenPage::register(&shared, page));
    // Subscribe before reading the build number so no rebuild falls between the two.
    let receiver = shared.events.subscribe();
    let build = shared.read().build;
    let hello = Event::default().event("hello").data(format!("{{\"build\":{build}}}"));
    let state = (receiver, shared.shutdown.clone(), open_page);
    let updates = stream::unfold(state, |(mut receiver, mut shutdown, open_page)| async move {
        loop {
            if *shutdown.borrow() {
                return None;
            }
            tokio::select! {
                changed = shutdown.changed() => if changed.is_err() { return None },
                message = receiver.recv() => match message {
                    Ok(event) => return Some((Ok(event.to_sse()), (receiver, shutdown, open_page))),
                    // Missed some events: a reload covers whatever they were.
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        let reload = LiveEvent::Reload { build: 0, paths: None }.to_sse();
                        return Some((Ok(reload), (receiver, shutdown, open_page)));
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
            }
        }
    });
    Sse::new(stream::once(async move { Ok(hello) }).chain(updates)).keep_alive(KeepAlive::default())
}

async fn site_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let served = shared.read();
    if served.output.files.is_empty() {
        // No build ever succeeded: every page shows why.
        let page = inject::no_site_page(served.build, served.failure.as_ref());
        return html_response(StatusCode::INTERNAL_SERVER_ERROR, page);
    }
    let path = uri.path();
    let lookup =
        if path.starts_with(RESERVED_PREFIX) { Lookup::NotFound } else { request::resolve(path, &served.output) };
    match lookup {
        Lookup::File(key) => file_response(&served, &key, StatusCode::OK),
        Lookup::Redirect(location) => {
            let location = match uri.query() {
                Some(query) => format!("{location}?{query}"),
                None => location,
            };
            let mut response = StatusCode::PERMANENT_REDIRECT.into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Lookup::NotFound if served.output.files.contains_key("404.html") => {
            file_response(&served, "404.html", StatusCode::NOT_FOUND)
        }
        Lookup::NotFound => {
            let mut response = (StatusCode::NOT_FOUND, "not found\n").into_response();
            set_headers(&mut response, "text/plain; charset=utf-8");
            response
        }
    }
}

fn file_response(served: &Served, key: &str, status: StatusCode) -> Response {
    let bytes = served.output.get(key).unwrap_or_default();
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    if mime.essence_str() == "text/html" {
        let page = inject::inject(bytes, key, served.build, served.failure.as_ref());
        return html_response(status, page);
    }
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.essence_str(), "application/javascript" | "application/json");
    let content_type =
        if textual { format!("{}; charset=utf-8", mime.essence_str()) } else { mime.essence_str().to_owned() };
    let mut response = (status, bytes.to_vec()).into_response();
    set_headers(&mut response, &content_type);
    response
}

fn html_response(status: StatusCode, page: Vec<u8>) -> Response {
    let mut response = (status, page).into_response();
    set_headers(&mut response, "text/html; charset=utf-8");
    response
}

/// A preview must never be cached: the next request may see another build.
fn set_headers(response: &mut Response, content_type: &str) {
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_of_this_computer_are_local_hosts() {
        let local = [
            "localhost",
            "localhost:1111",
            "LOCALHOST.",
            "app.localhost:8080",
            "127.0.0.1:1111",
            "127.1.2.3",
            "[::1]:1111",
        ];
        for host in local {
            assert!(is_local_host(&HeaderValue::from_static(host)), "{host}");
        }
        let other = [
            "evil.example",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "192.168.1.10:1111",
            "[::2]:1111",
            "",
            "local host",
        ];
        for host in other {
            assert!(!is_local_host(&HeaderValue::from_static(host)), "{host}");
        }
    }
}
