//! Who is asking: the client's address, taken from the TCP peer or, behind proxies we run,
//! from the rightmost hop of `X-Forwarded-For` (or `Forwarded`) that is not one of them.
//!
//! Every proxy appends the address it received the request from, so the entries left of the
//! last one our own proxies added are whatever the client chose to send: the leftmost entry
//! (which `ConnectionInfo::realip_remote_addr` returns) is the one address anybody can forge.
//! Rate limits count addresses grouped by [`rate_key`]: an IPv6 client usually holds a whole
//! /64, so counting single IPv6 addresses would give it 2^64 budgets.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use actix_web::HttpRequest;
use actix_web::http::header;

/// An address block, `10.0.0.0/8` or `2001:db8::/32` (a bare address is a /32 or /128).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    /// Whether `ip` is inside the block (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::str::FromStr for IpNet {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (addr, prefix) = text.split_once('/').map_or((text, None), |(a, p)| (a, Some(p)));
        let addr = canonical(addr.parse::<IpAddr>().map_err(|_| format!("{text:?} is not an IP address or block"))?);
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => {
                p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(|| format!("{text:?}: bad prefix length"))?
            }
        };
        Ok(Self { addr, prefix })
    }
}

/// How to read the client's address.
#[derive(Debug, Clone, Default)]
pub struct ProxyTrust {
    /// Read proxy headers at all (`TRUST_PROXY_HEADERS`); off, the TCP peer is the client.
    pub enabled: bool,
    /// Our proxies (`TRUSTED_PROXIES`). Empty: the TCP peer is our only proxy.
    pub proxies: Vec<IpNet>,
}

impl ProxyTrust {
    fn is_ours(&self, ip: IpAddr) -> bool {
        self.proxies.iter().any(|net| net.contains(ip))
    }

    /// The client's address from the TCP peer and the forwarding hops (oldest first).
    pub fn client(&self, peer: Option<IpAddr>, hops: &[&str]) -> Option<IpAddr> {
        let peer = peer.map(canonical);
        if !self.enabled {
            return peer;
        }
        // Someone who reaches us directly, past our proxies, does not get to name a client.
        if !self.proxies.is_empty() && !peer.is_some_and(|p| self.is_ours(p)) {
            return peer;
        }
        let mut nearest = peer;
        for hop in hops.iter().rev() {
            match parse_hop(hop) {
                Some(ip) if self.is_ours(ip) => nearest = Some(ip),
                Some(ip) => return Some(ip),
                // Garbage left of our proxies' entries: the last address we can vouch for stands.
                None => break,
            }
        }
        nearest
    }
}

/// The client's address of a request.
pub fn client_ip(req: &HttpRequest, trust: &ProxyTrust) -> Option<IpAddr> {
    let peer = req.peer_addr().map(|addr| addr.ip());
    if !trust.enabled {
        return peer.map(canonical);
    }
    let forwarded_for: Vec<&str> = req
        .headers()
        .get_all(header::X_FORWARDED_FOR)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let hops = if forwarded_for.is_empty() {
        req.headers()
            .get_all(header::FORWARDED)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (name, value) = pair.split_once('=')?;
                    name.trim().eq_ignore_ascii_case("for").then(|| value.trim().trim_matches('"'))
                })
            })
            .collect()
    } else {
        forwarded_for
    };
    trust.client(peer, &hops)
}

/// One hop: `203.0.113.7`, `203.0.113.7:4711`, `2001:db8::1`, `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Ok(addr) = hop.parse::<std::net::SocketAddr>() {
        return Some(canonical(addr.ip()));
    }
    hop.strip_prefix('[').and_then(|h| h.strip_suffix(']')).and_then(|h| h.parse().ok()).map(canonical)
}

/// IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`) as the IPv4 address they are.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// What rate limits count: an IPv4 address, or the /64 an IPv6 address belongs to. An unknown
/// address (no peer, as in some tests) counts as one shared client.
pub fn rate_key(ip: Option<IpAddr>) -> IpAddr {
    match ip.map(canonical) {
        Some(IpAddr::V6(v6)) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64))),
        Some(v4) => v4,
        None => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn blocks_contain_their_addresses() {
        let private: IpNet = "10.0.0.0/8".parse().unwrap();
        assert!(private.contains(ip("10.200.3.4")) && !private.contains(ip("11.0.0.1")));
        assert!(private.contains(ip("::ffff:10.1.2.3")), "IPv4-mapped");
        let v6: IpNet = "2001:db8::/32".parse().unwrap();
        assert!(v6.contains(ip("2001:db8:ffff::1")) && !v6.contains(ip("2001:db9::1")));
        let all: IpNet = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.9")) && !all.contains(ip("::1")));
        let one: IpNet = "192.0.2.1".parse().unwrap();
        assert!(one.contains(ip("192.0.2.1")) && !one.contains(ip("192.0.2.2")));
        for bad in ["10.0.0.0/33", "::/129", "proxy.internal", "10.0.0.0/x"] {
            assert!(bad.parse::<IpNet>().is_err(), "{bad}");
        }
    }

    #[test]
    fn without_trust_the_peer_is_the_client() {
        let trust = ProxyTrust::default();
        assert_eq!(trust.client(Some(ip("192.0.2.1")), &["203.0.113.9"]), Some(ip("192.0.2.1")));
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        // One proxy (the peer): the entry it appended is the client; what the client sent is not.
        let one = ProxyTrust { enabled: true, proxies: Vec::new() };
        let peer = Some(ip("10.0.0.2"));
        assert_eq!(one.client(peer, &["6.6.6.6", "203.0.113.9"]), Some(ip("203.0.113.9")));
        assert_eq!(one.client(peer, &[]), peer, "no header: the peer");
        // A chain of our proxies: skip every one of them, from the right.
        let chain = ProxyTrust { enabled: true, proxies: nets(&["10.0.0.0/8", "2001:db8:1::/48"]) };
        let hops = ["6.6.6.6", "203.0.113.9", "10.1.1.1", "2001:db8:1::7"];
        assert_eq!(chain.client(peer, &hops), Some(ip("203.0.113.9")));
        assert_eq!(chain.client(peer, &[" 203.0.113.9:4711 ", "[2001:db8:1::7]:443"]), Some(ip("203.0.113.9")));
        // Garbage right of the client stops the walk at the last proxy we know.
        assert_eq!(chain.client(peer, &["203.0.113.9", "unknown", "10.1.1.1"]), Some(ip("10.1.1.1")));
        // A peer that is not one of our proxies cannot name anyone.
        assert_eq!(chain.client(Some(ip("198.51.100.1")), &["203.0.113.9"]), Some(ip("198.51.100.1")));
    }

    #[test]
    fn ipv6_counts_by_slash_64() {
        let a = rate_key(Some(ip("2001:db8:1:2:aaaa::1")));
        assert_eq!(a, rate_key(Some(ip("2001:db8:1:2:ffff:ffff:ffff:ffff"))));
        assert_ne!(a, rate_key(Some(ip("2001:db8:1:3::1"))));
        assert_eq!(a, ip("2001:db8:1:2::"));
        assert_eq!(rate_key(Some(ip("::ffff:192.0.2.1"))), ip("192.0.2.1"));
        assert_ne!(rate_key(Some(ip("192.0.2.1"))), rate_key(Some(ip("192.0.2.2"))));
    }
}
