//! Which address a request comes from (`BC_TRUSTED_PROXIES`): the TCP peer,
//! unless the peer is a proxy we trust, in which case `X-Forwarded-For`
//! names the client. Anyone can send that header, so only the entries that
//! trusted proxies appended count: read from the right, the first address
//! that is not a trusted proxy is the client.

use std::net::IpAddr;

use http::HeaderMap;
use ipnet::IpNet;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    pub fn none() -> TrustedProxies {
        TrustedProxies::default()
    }

    /// A list of addresses and CIDR ranges, separated by commas or spaces:
    /// `10.0.0.0/8, 192.168.1.7, fd00::/8`.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        list.split([',', ' ', '\t', '\n'])
            .filter(|s| !s.is_empty())
            .map(|item| {
                item.parse::<IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                    .map(|net| net.trunc())
                    .map_err(|_| format!("{item} is not an IP address or CIDR range"))
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client's address for a request from `peer` with these headers.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.contains(client) {
            return client;
        }
        // Every header line, in order, read as one list.
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        for hop in hops.iter().rev() {
            // A trusted proxy writes a valid address; anything else came from
            // beyond them, so the last trusted hop is as far as we can see.
            let Ok(ip) = hop.parse::<IpAddr>() else {
                break;
            };
            client = ip.to_canonical();
            if !self.contains(client) {
                break;
            }
        }
        client
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        headers
    }

    #[test]
    fn parses_addresses_and_ranges() {
        let t = TrustedProxies::parse("10.0.0.0/8, 192.168.1.7 fd00::/8,::1").unwrap();
        assert!(t.contains(ip("10.255.0.1")));
        assert!(t.contains(ip("192.168.1.7")));
        assert!(!t.contains(ip("192.168.1.6")));
        assert!(t.contains(ip("fd12::1")));
        assert!(t.contains(ip("::1")));
        assert!(!t.contains(ip("11.0.0.1")));
        // An IPv4 peer seen through an IPv6 socket is the same address.
        assert!(t.contains(ip("::ffff:10.0.0.1")));
        // Host bits set are allowed and mean the range.
        assert!(TrustedProxies::parse("10.1.2.3/8")
            .unwrap()
            .contains(ip("10.9.9.9")));
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        for bad in ["10.0.0.0/33", "proxy.local", "10.0.0", "1.2.3.4/x"] {
            assert!(TrustedProxies::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let t = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let peer = ip("203.0.113.5");
        assert_eq!(t.client(peer, &forwarded(&["198.51.100.1"])), peer);
        assert_eq!(
            TrustedProxies::none().client(ip("10.0.0.1"), &forwarded(&["198.51.100.1"])),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_right_most_untrusted_address_is_the_client() {
        let t = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let peer = ip("10.0.0.2");
        // One proxy.
        assert_eq!(
            t.client(peer, &forwarded(&["198.51.100.1"])),
            ip("198.51.100.1")
        );
        // A client that sends its own header cannot choose its address: the
        // proxy appended the real one.
        assert_eq!(
            t.client(peer, &forwarded(&["1.1.1.1, 198.51.100.1"])),
            ip("198.51.100.1")
        );
        // Two trusted proxies; the list may span several header lines.
        assert_eq!(
            t.client(peer, &forwarded(&["1.1.1.1, 198.51.100.1", "10.0.0.9"])),
            ip("198.51.100.1")
        );
        // Only trusted hops: the left-most one is as far as we can see.
        assert_eq!(
            t.client(peer, &forwarded(&["10.0.0.7, 10.0.0.9"])),
            ip("10.0.0.7")
        );
        // Garbage where a trusted proxy would have written an address.
        assert_eq!(
            t.client(peer, &forwarded(&["198.51.100.1, bogus, 10.0.0.9"])),
            ip("10.0.0.9")
        );
        assert_eq!(t.client(peer, &HeaderMap::new()), peer);
        assert_eq!(
            t.client(peer, &forwarded(&["2001:db8::1"])),
            ip("2001:db8::1")
        );
    }
}
