//! `accord serve`: a local preview that builds the site into memory, serves it over
//! HTTP, watches the sources, rebuilds only what a change affects and reloads the open
//! pages. A bad edit never stops it: the last good site stays, with the problems shown
//! over every page until the file is fixed.
//!
//! The parts: [`change`] classifies changed paths, [`live`] rebuilds, [`watch`] watches,
//! [`request`] maps URLs to files, [`inject`] adds the reload script and error overlay,
//! [`http`] serves. This module wires them together. It reports through a callback
//! and never prints; the binary decides what the terminal shows.

pub mod change;
pub mod http;
pub mod inject;
pub mod live;
pub mod request;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};

use tokio::sync::watch as signal_channel;

use crate::config::BaseUrl;
use crate::diag::Failure;
use crate::source::CONFIG_FILE;
use http::{LiveEvent, Served, Shared};
use live::{LiveSite, Rebuild};
use watch::{SiteWatcher, WatchMessage};

/// The port tried first when none is asked for (and the next ones if it is taken).
pub const DEFAULT_PORT: u16 = 1111;
const PORTS_TRIED: u16 = 20;

/// Which port to listen on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortChoice {
    /// This port or an error; 0 lets the system pick a free one.
    Exactly(u16),
    /// [`DEFAULT_PORT`], or the next free one.
    Default,
}

/// What to serve and where; validated by the caller.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: PortChoice,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("no {CONFIG_FILE} in {0}")]
    NoSite(PathBuf),
    #[error("{0} is in use (another `accord serve`?)")]
    PortInUse(SocketAddr),
    #[error("ports {first} to {last} on {ip} are all in use")]
    NoFreePort { ip: IpAddr, first: u16, last: u16 },
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
    #[error("cannot watch the site's files: {0}")]
    Watch(String),
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// What happens while serving, for the caller to show.
pub enum ServeEvent<'a> {
    /// The first build is done (or failed); `Err` keeps the server up all the same.
    Built(&'a Result<Rebuild, Failure>),
    Listening {
        url: &'a str,
        /// Why the port is not the one asked for.
        note: Option<String>,
    },
    Rebuilt(&'a Rebuild),
    RebuildFailed(&'a Failure),
    WatchError(String),
    Stopped,
}

/// Serves until Ctrl-C (or SIGTERM). Returns an error only when it cannot start.
pub fn serve(options: &ServeOptions, report: &(dyn Fn(ServeEvent<'_>) + Sync)) -> Result<(), ServeError> {
    let root = options.root.canonicalize().map_err(|_| ServeError::NoSite(options.root.clone()))?;
    if !root.join(CONFIG_FILE).is_file() {
        return Err(ServeError::NoSite(options.root.clone()));
    }
    let (listener, note) = listen(options.bind, options.port)?;
    let addr = listener.local_addr().map_err(ServeError::Runtime)?;
    let url = local_url(addr);

    // An http:// URL of a socket address is always a base URL; `Runtime` if it ever were not.
    let base_url = BaseUrl::parse(&url).map_err(|e| ServeError::Runtime(std::io::Error::other(e)))?;
    let (mut live, first) = LiveSite::new(&root, base_url);
    report(ServeEvent::Built(&first));
    let served = Served { output: live.output().clone(), failure: first.err(), build: 0 };
    let (stop_sender, stop) = signal_channel::channel(false);
    let shared = Arc::new(Shared::new(served, stop));

    let (sender, receiver) = mpsc::channel();
    let mut watcher = SiteWatcher::start(&root, sender.clone()).map_err(ServeError::Watch)?;
    report(ServeEvent::Listening { url: &url, note });

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(ServeError::Runtime)?;
    std::thread::scope(|scope| {
        let rebuilds = Arc::clone(&shared);
        scope.spawn(move || {
            // Warm the Markdown cache now, so the first edit is as fast as the next.
            let _ = live.prepare();
            rebuild_loop(&mut live, &mut watcher, &receiver, &rebuilds, report);
        });
        let served = runtime.block_on(async {
            listener.set_nonblocking(true)?;
            let listener = tokio::net::TcpListener::from_std(listener)?;
            axum::serve(listener, http::router(Arc::clone(&shared), addr.ip().is_loopback()))
                .with_graceful_shutdown(async move {
                    stop_signal().await;
                    // Ends the event streams, which graceful shutdown waits for.
                    let _ = stop_sender.send(true);
                })
                .await
        });
        let _ = sender.send(WatchMessage::Stop);
        served.map_err(ServeError::Runtime)
    })?;
    report(ServeEvent::Stopped);
    Ok(())
}

/// Rebuilds after each batch of file events and publishes the result.
fn rebuild_loop(
    live: &mut LiveSite,
    watcher: &mut SiteWatcher,
    receiver: &Receiver<WatchMessage>,
    shared: &Shared,
    report: &(dyn Fn(ServeEvent<'_>) + Sync),
) {
    while let Ok(message) = receiver.recv() {
        let mut batch = vec![message];
        // Whatever arrived while the last rebuild ran joins this one.
        batch.extend(receiver.try_iter());
        let mut changes = change::ChangeSet::new();
        for message in batch {
            match message {
                WatchMessage::Stop => return,
                WatchMessage::Files(Ok(events)) => changes.extend(watcher.changes(&events)),
                WatchMessage::Files(Err(errors)) => {
                    for error in errors {
                        report(ServeEvent::WatchError(error.to_string()));
                    }
                }
            }
        }
        if changes.is_empty() {
            continue;
        }
        // A new source folder must be watched before it is read, or a file written
        // into it right now would go unnoticed.
        watcher.refresh();
        let open = shared.open_pages();
        let mut first = |rebuild: &Rebuild| {
            publish(shared, rebuild);
            report(ServeEvent::Rebuilt(rebuild));
        };
        match live.apply_open_first(&changes, &open, &mut first) {
            Ok(rebuild) => {
                publish(shared, &rebuild);
                report(ServeEvent::Rebuilt(&rebuild));
            }
            Err(failure) => {
                let build = {
                    let mut served = shared.write();
                    served.failure = Some(failure.clone());
                    served.build += 1;
                    served.build
                };
                shared.announce(LiveEvent::Reload { build, paths: None });
                report(ServeEvent::RebuildFailed(&failure));
            }
        }
    }
}

/// Puts a rebuild's files in place and tells the open pages.
fn publish(shared: &Shared, rebuild: &Rebuild) {
    let mut served = shared.write();
    let recovered = served.failure.take().is_some();
    if rebuild.changed.is_empty() && !recovered {
        return;
    }
    for (path, bytes) in &rebuild.changed {
        match bytes {
            Some(bytes) => served.output.insert(path.clone(), bytes.clone()),
            None => {
                served.output.files.remove(path);
            }
        }
    }
    served.build += 1;
    let build = served.build;
    drop(served);
    let paths = || rebuild.changed.keys().map(|p| format!("/{p}")).collect();
    // The search index is read by a search, not by an open page: it reloads nothing.
    let bundle = format!("{}/", crate::search::BUNDLE_DIR);
    let changed: Vec<&String> = rebuild.changed.keys().filter(|p| !p.starts_with(&bundle)).collect();
    let event = if recovered {
        // The overlay is on every page.
        LiveEvent::Reload { build, paths: None }
    } else if rebuild.css_only() {
        LiveEvent::Css { build, paths: paths() }
    } else if changed.iter().all(|p| p.ends_with(".html")) {
        // Only the pages that changed reload; others stay as they are (scroll, forms).
        LiveEvent::Reload { build, paths: Some(changed.into_iter().cloned().collect()) }
    } else {
        // A script, an image or a data file may be used by any page.
        LiveEvent::Reload { build, paths: None }
    };
    shared.announce(event);
}

fn listen(ip: IpAddr, port: PortChoice) -> Result<(TcpListener, Option<String>), ServeError> {
    let bind = |port: u16| {
        let addr = SocketAddr::new(ip, port);
        TcpListener::bind(addr).map_err(|source| {
            if source.kind() == std::io::ErrorKind::AddrInUse {
                ServeError::PortInUse(addr)
            } else {
                ServeError::Listen { addr, source }
            }
        })
    };
    match port {
        PortChoice::Exactly(port) => Ok((bind(port)?, None)),
        PortChoice::Default => {
            let last = DEFAULT_PORT + PORTS_TRIED - 1;
            for port in DEFAULT_PORT..=last {
                match bind(port) {
                    Ok(listener) => {
                        let note = (port != DEFAULT_PORT)
                            .then(|| format!("port {DEFAULT_PORT} is in use, so port {port} is used instead"));
                        return Ok((listener, note));
                    }
                    Err(ServeError::PortInUse(_)) => continue,
                    Err(other) => return Err(other),
                }
            }
            Err(ServeError::NoFreePort { ip, first: DEFAULT_PORT, last })
        }
    }
}

/// The address pages are built for. A server listening on every interface is still
/// opened locally through the loopback address.
fn local_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => IpAddr::from([127, 0, 0, 1]),
        ip if ip.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

/// Ctrl-C, or SIGTERM where there is one.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {},
                _ = term.recv() => {},
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
