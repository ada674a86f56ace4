//! External links: listed by default; fetched on request (`check --external`), politely.
//! Each URL is asked for once (HEAD, then GET where HEAD is not allowed) by a small pool
//! of workers, with a timeout, at most one request per host per interval, and only where
//! the host's robots.txt lets us (RFC 9309: a robots.txt that cannot be read because of
//! a server error or the network means "disallow all").
//!
//! Only a link the host says is gone (404, 410, or another 4xx that is not a refusal)
//! is an error. A host that refuses robots (robots.txt, 401, 403, 429) or fails (time
//! out, 5xx, no connection) gives a warning: CI should not fail on someone else's outage.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use texting_robots::Robot;
use url::Url;

use crate::diag::{Code, Diagnostic, Location};

/// An external link and where the site has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    /// The URL without its `#fragment`.
    pub url: String,
    /// Where it is written: Markdown lines, templates; sorted, each once.
    pub locations: Vec<Location>,
    /// The line written at each location, where known.
    pub snippets: BTreeMap<Location, String>,
    /// On how many built pages it appears.
    pub pages: usize,
    pub status: LinkStatus,
}

/// What fetching an external link gave.
#[derive(Debug, Clone, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum LinkStatus {
    /// Not fetched (the default: links are only listed).
    Unchecked,
    /// A 2xx answer, after redirects.
    Ok { http: u16 },
    /// 404, 410 or another 4xx: the link is broken.
    Broken { http: u16 },
    /// 401, 403 or 429: the host refuses robots.
    Refused { http: u16 },
    /// The host's robots.txt asks robots not to fetch this URL.
    Disallowed { reason: String },
    /// No answer in time, no connection, or a server error.
    Failed { reason: String },
}

impl LinkStatus {
    /// A stable name, for JSON.
    pub fn name(&self) -> &'static str {
        self.into()
    }

    pub fn http(&self) -> Option<u16> {
        match self {
            LinkStatus::Ok { http } | LinkStatus::Broken { http } | LinkStatus::Refused { http } => Some(*http),
            _ => None,
        }
    }

    pub fn detail(&self) -> Option<&str> {
        match self {
            LinkStatus::Disallowed { reason } | LinkStatus::Failed { reason } => Some(reason),
            _ => None,
        }
    }

    fn from_http(http: u16) -> LinkStatus {
        match http {
            200..=399 => LinkStatus::Ok { http },
            401 | 403 | 429 => LinkStatus::Refused { http },
            400..=499 => LinkStatus::Broken { http },
            _ => LinkStatus::Failed { reason: format!("the server answered {http}") },
        }
    }
}

/// How to fetch external links.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// For the whole of one request, connection included.
    pub timeout: Duration,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// At most one request per host in this interval.
    pub per_host_interval: Duration,
    /// Sent as `User-Agent`; its first word is the name matched in robots.txt.
    pub user_agent: String,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout: Duration::from_secs(10),
            concurrency: 8,
            per_host_interval: Duration::from_millis(500),
            user_agent: format!("accord/{} (link checker)", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// Fetches every link, records its status, and returns a diagnostic for each place
/// a link that did not answer well is written.
pub fn fetch_all(links: &mut [ExternalLink], options: &FetchOptions) -> Vec<Diagnostic> {
    let fetcher = Fetcher::new(options);
    let order = interleave_hosts(links);
    let next = AtomicUsize::new(0);
    let statuses: Mutex<Vec<Option<LinkStatus>>> = Mutex::new(vec![None; links.len()]);
    let workers = options.concurrency.clamp(1, links.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&index) = order.get(i) else { break };
                    let status = fetcher.fetch(&links[index].url);
                    if let Ok(mut statuses) = statuses.lock() {
                        statuses[index] = Some(status);
                    }
                }
            });
        }
    });
    let statuses = statuses.into_inner().unwrap_or_default();
    let mut out = Vec::new();
    for (link, status) in links.iter_mut().zip(statuses) {
        link.status = status.unwrap_or(LinkStatus::Failed { reason: "not fetched".into() });
        out.extend(diagnostics_for(link));
    }
    out
}

fn diagnostics_for(link: &ExternalLink) -> Vec<Diagnostic> {
    let url = &link.url;
    let (error, message, hint) = match &link.status {
        LinkStatus::Unchecked | LinkStatus::Ok { .. } => return Vec::new(),
        LinkStatus::Broken { http } => {
            (true, format!("external link {url} is broken: the server answered {http}"), "update or remove the link")
        }
        LinkStatus::Refused { http } => (
            false,
            format!("external link {url} not checked: the host refuses robots ({http})"),
            "check it by hand in a browser",
        ),
        LinkStatus::Disallowed { reason } => {
            (false, format!("external link {url} not checked: {reason}"), "check it by hand in a browser")
        }
        LinkStatus::Failed { reason } => (
            false,
            format!("external link {url} did not answer: {reason}"),
            "it may be a passing outage; check it again later or by hand",
        ),
    };
    link.locations
        .iter()
        .map(|location| {
            let d = if error {
                Diagnostic::error(Code::ExternalLink, location.clone(), message.clone())
            } else {
                Diagnostic::warning(Code::ExternalLink, location.clone(), message.clone())
            };
            let d = d.with_hint(hint);
            Diagnostic { snippet: link.snippets.get(location).cloned(), ..d }
        })
        .collect()
}

/// Indexes of `links` in an order that takes one link per host in turn, so that the
/// per-host interval keeps few workers waiting.
fn interleave_hosts(links: &[ExternalLink]) -> Vec<usize> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut ranked: Vec<(usize, usize)> = links
        .iter()
        .enumerate()
        .map(|(i, link)| {
            let count = seen.entry(host_key(&link.url)).or_insert(0);
            *count += 1;
            (*count, i)
        })
        .collect();
    ranked.sort();
    ranked.into_iter().map(|(_, i)| i).collect()
}

/// `host:port`, the unit of the rate limit and of robots.txt.
fn host_key(url: &str) -> String {
    Url::parse(url)
        .ok()
        .and_then(|u| {
            let host = u.host_str()?.to_owned();
            Some(format!("{host}:{}", u.port_or_known_default().unwrap_or(0)))
        })
        .unwrap_or_default()
}

/// When each host may next be asked.
struct HostSchedule {
    interval: Duration,
    next: Mutex<HashMap<String, Instant>>,
}

impl HostSchedule {
    /// Reserves the next slot for `host` at or after `now` and returns its start.
    fn reserve(&self, host: &str, now: Instant) -> Instant {
        let Ok(mut next) = self.next.lock() else {
            return now;
        };
        let start = next.get(host).map_or(now, |t| (*t).max(now));
        next.insert(host.to_owned(), start + self.interval);
        start
    }

    fn wait_for(&self, host: &str) {
        let start = self.reserve(host, Instant::now());
        std::thread::sleep(start.saturating_duration_since(Instant::now()));
    }
}

/// A host's robots.txt, as far as it concerns us.
enum RobotsRules {
    AllowAll,
    DisallowAll(String),
    Rules(Box<Robot>),
}

struct Fetcher {
    agent: ureq::Agent,
    robot_name: String,
    schedule: HostSchedule,
    robots: Mutex<HashMap<String, Arc<OnceLock<RobotsRules>>>>,
}

/// robots.txt files larger than this are cut (RFC 9309 asks parsers to read 500 KiB).
const ROBOTS_MAX_BYTES: u64 = 500 * 1024;

impl Fetcher {
    fn new(options: &FetchOptions) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .http_status_as_error(false)
            .user_agent(options.user_agent.as_str())
            .build();
        Fetcher {
            agent: ureq::Agent::new_with_config(config),
            robot_name: options.user_agent.split(['/', ' ']).next().unwrap_or("accord").to_owned(),
            schedule: HostSchedule { interval: options.per_host_interval, next: Mutex::new(HashMap::new()) },
            robots: Mutex::new(HashMap::new()),
        }
    }

    fn fetch(&self, url: &str) -> LinkStatus {
        let host = host_key(url);
        let robots = self.robots_for(url, &host);
        match robots.get() {
            Some(RobotsRules::DisallowAll(reason)) => {
                return LinkStatus::Disallowed { reason: reason.clone() };
            }
            Some(RobotsRules::Rules(robot)) if !robot.allowed(url) => {
                return LinkStatus::Disallowed { reason: "the host's robots.txt asks robots not to fetch it".into() };
            }
            _ => {}
        }
        self.schedule.wait_for(&host);
        match self.status(url, true) {
            Ok(http) if http != 405 && http != 501 => LinkStatus::from_http(http),
            Err(ureq::Error::Timeout(_)) => LinkStatus::Failed { reason: "no answer in time".into() },
            // Some servers refuse or mishandle HEAD; ask again with GET.
            _ => {
                self.schedule.wait_for(&host);
                match self.status(url, false) {
                    Ok(http) => LinkStatus::from_http(http),
                    Err(ureq::Error::Timeout(_)) => LinkStatus::Failed { reason: "no answer in time".into() },
                    Err(e) => LinkStatus::Failed { reason: e.to_string() },
                }
            }
        }
    }

    fn status(&self, url: &str, head: bool) -> Result<u16, ureq::Error> {
        let answer = if head { self.agent.head(url).call() } else { self.agent.get(url).call() };
        answer.map(|response| response.status().as_u16())
    }

    fn robots_for(&self, url: &str, host: &str) -> Arc<OnceLock<RobotsRules>> {
        let cell = match self.robots.lock() {
            Ok(mut cache) => Arc::clone(cache.entry(host.to_owned()).or_default()),
            Err(_) => Arc::new(OnceLock::new()),
        };
        cell.get_or_init(|| self.fetch_robots(url, host));
        cell
    }

    fn fetch_robots(&self, url: &str, host: &str) -> RobotsRules {
        let Ok(robots_url) = texting_robots::get_robots_url(url) else {
            return RobotsRules::AllowAll;
        };
        self.schedule.wait_for(host);
        let unreadable = |why: String| RobotsRules::DisallowAll(format!("its robots.txt could not be read ({why})"));
        let mut response = match self.agent.get(&robots_url).call() {
            Ok(response) => response,
            Err(e) => return unreadable(e.to_string()),
        };
        let http = response.status().as_u16();
        match http {
            200..=299 => {
                let body = response.body_mut().with_config().limit(ROBOTS_MAX_BYTES).read_to_vec();
                match body.map(|bytes| Robot::new(&self.robot_name, &bytes)) {
                    Ok(Ok(robot)) => RobotsRules::Rules(Box::new(robot)),
                    // An unparsable robots.txt sets no rules.
                    Ok(Err(_)) => RobotsRules::AllowAll,
                    Err(e) => unreadable(e.to_string()),
                }
            }
            // "Unavailable": no robots.txt, no rules.
            400..=499 => RobotsRules::AllowAll,
            _ => unreadable(format!("the server answered {http}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str) -> ExternalLink {
        ExternalLink {
            url: url.into(),
            locations: Vec::new(),
            snippets: BTreeMap::new(),
            pages: 1,
            status: LinkStatus::Unchecked,
        }
    }

    #[test]
    fn a_host_gets_one_slot_per_interval() {
        let schedule = HostSchedule { interval: Duration::from_millis(500), next: Mutex::new(HashMap::new()) };
        let t0 = Instant::now();
        assert_eq!(schedule.reserve("a:443", t0), t0);
        assert_eq!(schedule.reserve("a:443", t0), t0 + Duration::from_millis(500));
        assert_eq!(schedule.reserve("b:443", t0), t0, "other hosts do not wait");
        let later = t0 + Duration::from_secs(5);
        assert_eq!(schedule.reserve("a:443", later), later, "no debt carried");
    }

    #[test]
    fn hosts_take_turns() {
        let links: Vec<ExternalLink> = ["https://a.org/1", "https://a.org/2", "https://a.org/3", "https://b.org/1"]
            .iter()
            .map(|u| link(u))
            .collect();
        assert_eq!(interleave_hosts(&links), [0, 3, 1, 2]);
    }

    #[test]
    fn http_answers_are_classified() {
        assert_eq!(LinkStatus::from_http(200).name(), "ok");
        assert_eq!(LinkStatus::from_http(404).name(), "broken");
        assert_eq!(LinkStatus::from_http(410).name(), "broken");
        assert_eq!(LinkStatus::from_http(403).name(), "refused");
        assert_eq!(LinkStatus::from_http(503).name(), "failed");
    }
}
