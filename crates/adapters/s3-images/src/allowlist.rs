//! Which hosts photos may be downloaded from (`images.allowed_hosts` in docs/contract.md).
//!
//! An entry is `host` or `host:port`, matched exactly (case-insensitive), or `*.domain`, which
//! matches any subdomain of `domain` (not `domain` itself). https is required, except for entries
//! naming an IP address or a port: those exist for local stand-ins (tests, the playground),
//! which serve plain http.

use std::net::IpAddr;

use url::Url;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    /// Lower-case host, or the suffix after `*.` for a wildcard.
    host: String,
    wildcard: bool,
    port: Option<u16>,
    plain_http_ok: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostAllowlist {
    rules: Vec<Rule>,
}

impl HostAllowlist {
    /// Parses the entries; blank and unparsable ones (e.g. a bad port) are skipped with a warning.
    pub fn new<S: AsRef<str>>(entries: &[S]) -> Self {
        let rules = entries
            .iter()
            .filter_map(|entry| {
                let entry = entry.as_ref().trim();
                let rule = parse(entry);
                if rule.is_none() && !entry.is_empty() {
                    tracing::warn!(entry, "ignoring a malformed images.allowed_hosts entry");
                }
                rule
            })
            .collect();
        Self { rules }
    }

    /// Whether `url` may be fetched: http(s), no credentials, and a rule matching its host and
    /// port that permits its scheme.
    #[must_use]
    pub fn allows(&self, url: &Url) -> bool {
        let https = match url.scheme() {
            "https" => true,
            "http" => false,
            _ => return false,
        };
        if !url.username().is_empty() || url.password().is_some() {
            return false;
        }
        let Some(host) = url.host_str().map(str::to_ascii_lowercase) else {
            return false;
        };
        self.rules.iter().any(|rule| {
            let host_ok = if rule.wildcard {
                host.strip_suffix(rule.host.as_str())
                    .is_some_and(|rest| rest.len() > 1 && rest.ends_with('.'))
            } else {
                host == rule.host
            };
            // Without a port, an entry means the scheme's default port only.
            let port_ok = match rule.port {
                Some(port) => url.port_or_known_default() == Some(port),
                None => url.port().is_none(),
            };
            host_ok && port_ok && (https || rule.plain_http_ok)
        })
    }
}

impl HostAllowlist {
    /// Whether an entry naming `host` is a local stand-in (an entry with an address or a port,
    /// see the module doc): only such names may resolve to private addresses.
    #[must_use]
    pub fn names_local_stand_in(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        self.rules
            .iter()
            .any(|rule| rule.plain_http_ok && !rule.wildcard && rule.host == host)
    }
}

fn parse(entry: &str) -> Option<Rule> {
    if entry.is_empty() {
        return None;
    }
    let lower = entry.to_ascii_lowercase();
    let (wildcard, rest) = match lower.strip_prefix("*.") {
        Some(rest) => (true, rest.to_owned()),
        None => (false, lower),
    };
    // Reuse the URL parser for host[:port] (IPv6 in brackets included).
    let url = Url::parse(&format!("http://{rest}/")).ok()?;
    let host = url.host_str()?.to_owned();
    let port = url.port();
    if port.is_none() && rest.ends_with(':') {
        return None;
    }
    let is_ip = host.trim_matches(['[', ']']).parse::<IpAddr>().is_ok();
    Some(Rule {
        plain_http_ok: port.is_some() || is_ip,
        host,
        wildcard,
        port,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allows(entries: &[&str], url: &str) -> bool {
        HostAllowlist::new(entries).allows(&Url::parse(url).unwrap())
    }

    #[test]
    fn wildcard_matches_subdomains_only() {
        let cdn = ["*.kakaocdn.net"];
        assert!(allows(&cdn, "https://dn-m.talk.kakaocdn.net/dna/a.jpg?x=1"));
        assert!(allows(&cdn, "https://k.KAKAOCDN.net/a"));
        assert!(!allows(&cdn, "https://kakaocdn.net/a"));
        assert!(!allows(&cdn, "https://evilkakaocdn.net/a"));
        assert!(!allows(&cdn, "https://kakaocdn.net.evil.com/a"));
        assert!(!allows(&cdn, "http://k.kakaocdn.net/a"), "https required");
        assert!(
            !allows(&cdn, "https://k.kakaocdn.net:8443/a"),
            "default port only"
        );
        assert!(!allows(&cdn, "https://user:pw@k.kakaocdn.net/a"));
        assert!(!allows(&cdn, "ftp://k.kakaocdn.net/a"));
    }

    #[test]
    fn ip_and_port_entries_allow_plain_http_on_exactly_that_address() {
        let local = ["127.0.0.1:8089"];
        assert!(allows(&local, "http://127.0.0.1:8089/a.jpg"));
        assert!(!allows(&local, "http://127.0.0.1:8090/a.jpg"));
        assert!(!allows(&local, "http://localhost:8089/a.jpg"));
        assert!(allows(&["10.0.0.5"], "http://10.0.0.5/a"));
        assert!(!allows(&["cdn.example.com"], "http://cdn.example.com/a"));
        assert!(allows(&["cdn.example.com"], "https://cdn.example.com/a"));
    }

    #[test]
    fn malformed_entries_are_skipped() {
        assert!(!allows(
            &["", "127.0.0.1:99999", "127.0.0.1:"],
            "http://127.0.0.1/a"
        ));
    }
}
