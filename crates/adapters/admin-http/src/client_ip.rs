//! Which address a request comes from, for the login limiter and the logs. Behind a reverse
//! proxy every request comes from the proxy, so its `X-Real-IP` names the client; anyone else
//! could send that header too, so it is believed only from `server.trusted_proxies`.

use std::net::IpAddr;

use actix_web::HttpRequest;
use ipnet::IpNet;

#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Entries are networks (`10.0.0.0/8`) or single addresses (`127.0.0.1`).
    ///
    /// # Errors
    /// The first entry that is neither, named.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> anyhow::Result<Self> {
        entries
            .iter()
            .map(|entry| {
                let entry = entry.as_ref().trim();
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| anyhow::anyhow!("{entry:?} is not an address or a network"))
            })
            .collect::<anyhow::Result<Vec<_>>>()
            .map(Self)
    }

    /// The peer, or the address a trusted proxy names in `X-Real-IP`.
    #[must_use]
    pub fn client_ip(&self, peer: Option<IpAddr>, real_ip: Option<&str>) -> Option<IpAddr> {
        let trusted = peer.is_some_and(|ip| self.0.iter().any(|net| net.contains(&ip)));
        let named = real_ip.and_then(|value| value.trim().parse::<IpAddr>().ok());
        match (trusted, named) {
            (true, Some(client)) => Some(client),
            _ => peer,
        }
    }

    pub(crate) fn of(&self, req: &HttpRequest) -> String {
        let real_ip = req
            .headers()
            .get("X-Real-IP")
            .and_then(|value| value.to_str().ok());
        self.client_ip(req.peer_addr().map(|addr| addr.ip()), real_ip)
            .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> Option<IpAddr> {
        text.parse().ok()
    }

    #[test]
    fn the_header_is_believed_from_trusted_proxies_only() {
        let proxies = TrustedProxies::parse(&["127.0.0.1", "10.0.0.0/8"]).unwrap_or_default();
        let header = Some("203.0.113.9");
        assert_eq!(
            proxies.client_ip(ip("127.0.0.1"), header),
            ip("203.0.113.9")
        );
        assert_eq!(proxies.client_ip(ip("10.1.2.3"), header), ip("203.0.113.9"));
        assert_eq!(
            proxies.client_ip(ip("198.51.100.7"), header),
            ip("198.51.100.7"),
            "a client cannot name itself another address"
        );
        assert_eq!(
            proxies.client_ip(ip("127.0.0.1"), Some("not an address, 1.2.3.4")),
            ip("127.0.0.1"),
            "a garbled header falls back to the proxy"
        );
        assert_eq!(proxies.client_ip(ip("127.0.0.1"), None), ip("127.0.0.1"));
    }

    #[test]
    fn bad_entries_are_named() {
        let error = TrustedProxies::parse(&["10.0.0.0/8", "nginx"]).err();
        assert!(error.is_some_and(|e| e.to_string().contains("\"nginx\"")));
    }
}
