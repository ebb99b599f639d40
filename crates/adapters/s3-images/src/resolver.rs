//! Name resolution for the photo fetcher that keeps it on the public internet.
//!
//! The allowlist checks names, but a name is only as good as its DNS: an allowed CDN name that
//! resolves (or is made to resolve) to 127.0.0.1, 10.x or 169.254.169.254 would let a photo
//! link reach the server's own network. So addresses are checked after resolution, on every
//! connection (redirect hops included). Local stand-ins (tests, the playground) are allowed
//! by entries that name an address or a port; only their names may resolve to private
//! addresses.

use std::error::Error;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::allowlist::HostAllowlist;

pub(crate) struct PublicOnlyResolver {
    pub(crate) allowlist: Arc<HostAllowlist>,
}

/// A name that resolved only to addresses the fetcher may not reach.
#[derive(Debug)]
pub(crate) struct PrivateAddress(pub(crate) String);

impl fmt::Display for PrivateAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} resolves to a private or local address", self.0)
    }
}

impl Error for PrivateAddress {}

impl Resolve for PublicOnlyResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        let local_ok = self.allowlist.names_local_stand_in(&host);
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|addr| local_ok || is_public(addr.ip()))
                .collect();
            if found.is_empty() {
                return Err(Box::new(PrivateAddress(host)) as Box<dyn Error + Send + Sync>);
            }
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

/// Whether `ip` is on the public internet: not loopback, private, link-local (cloud metadata
/// lives there), shared (carrier NAT), unspecified, broadcast, multicast or documentation.
pub(crate) fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    let shared = a == 100 && (64..128).contains(&b);
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || shared
        || a == 0)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    let unique_local = first & 0xfe00 == 0xfc00;
    let link_local = first & 0xffc0 == 0xfe80;
    !(ip.is_loopback() || ip.is_unspecified() || ip.is_multicast() || unique_local || link_local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_pass() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::",
        ] {
            let ip: IpAddr = private.parse().unwrap_or_else(|_| unreachable!());
            assert!(!is_public(ip), "{private}");
        }
        for public in [
            "203.252.1.1",
            "8.8.8.8",
            "2001:4860:4860::8888",
            "::ffff:8.8.8.8",
        ] {
            let ip: IpAddr = public.parse().unwrap_or_else(|_| unreachable!());
            assert!(is_public(ip), "{public}");
        }
    }
}
