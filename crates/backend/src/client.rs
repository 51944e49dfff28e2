//! Who is asking: the client's address, computed in one place
//! ([`ClientIp`], an extractor) for every per-client limit.
//!
//! By default it is the TCP peer. Behind a reverse proxy or CDN the peer is
//! the proxy, so every phone would share one bucket; the operator then lists
//! the proxies' addresses (`PORTAL_TRUSTED_PROXIES`, CIDRs) and names the
//! header they write (`PORTAL_PROXY_HEADER`: `X-Forwarded-For`, the default,
//! or RFC 7239 `Forwarded`). Only when the peer is in that list is the header
//! read, and then the client is its right-most entry that is not itself a
//! trusted proxy: every proxy appends the address it saw, so entries to the
//! left of the first untrusted one were written by the client and prove
//! nothing. Only the named header is read: a client can send the other one,
//! and a proxy that does not know it passes it on untouched.
//!
//! A header that cannot be read (not ASCII, an entry that is no address,
//! `unknown`, an obfuscated `_name`) gives the peer's address: those clients
//! share the proxy's bucket, which is stricter, never looser.
//!
//! IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`, what a dual-stack socket
//! reports) are IPv4 everywhere here.

use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName};
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// At most this many header entries are read, from the right: a chain of
/// proxies is a few long, and a longer header is only someone's padding.
const MOST_HOPS: usize = 32;

/// An IPv4 or IPv6 network: `10.0.0.0/8`, `2001:db8::/32`, or one address
/// (`192.0.2.7` = `/32`, `::1` = `/128`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Parses one network; the address may have host bits set
    /// (`10.1.2.3/8` is `10.0.0.0/8`).
    pub fn parse(text: &str) -> Result<Cidr, String> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let addr = addr
            .parse::<IpAddr>()
            .map(canonical)
            .map_err(|_| format!("`{text}` is not an IP address or network (like 10.0.0.0/8)"))?;
        let most = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => most,
            Some(p) => match p.parse::<u8>() {
                Ok(n) if n <= most => n,
                _ => return Err(format!("`{text}`: the prefix length must be 0 to {most}")),
            },
        };
        Ok(Cidr {
            network: mask(addr, prefix),
            prefix,
        })
    }

    /// A comma-separated list (spaces allowed); empty = none.
    pub fn parse_list(text: &str) -> Result<Vec<Cidr>, String> {
        text.split(',')
            .filter(|s| !s.trim().is_empty())
            .map(Cidr::parse)
            .collect()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        ip.is_ipv4() == self.network.is_ipv4() && mask(ip, self.prefix) == self.network
    }
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// IPv4-mapped IPv6 as IPv4; everything else as is.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The first `prefix` bits of `ip`, the rest zero.
pub fn mask(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let bits = u32::from(v4);
            let keep = u32::MAX
                .checked_shl(32 - u32::from(prefix.min(32)))
                .unwrap_or(0);
            IpAddr::V4((bits & keep).into())
        }
        IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            let keep = u128::MAX
                .checked_shl(128 - u32::from(prefix.min(128)))
                .unwrap_or(0);
            IpAddr::V6((bits & keep).into())
        }
    }
}

/// Which header the trusted proxies write the client's address into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProxyHeader {
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=…`.
    Forwarded,
}

impl ProxyHeader {
    pub fn parse(text: &str) -> Result<ProxyHeader, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Ok(ProxyHeader::XForwardedFor),
            "forwarded" => Ok(ProxyHeader::Forwarded),
            _ => Err(format!(
                "`{text}` is not a proxy header: say x-forwarded-for or forwarded"
            )),
        }
    }

    pub fn name(self) -> HeaderName {
        match self {
            ProxyHeader::XForwardedFor => HeaderName::from_static("x-forwarded-for"),
            ProxyHeader::Forwarded => axum::http::header::FORWARDED,
        }
    }
}

/// The trusted proxies and the header they write: how a client address is
/// found (see the module's text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    pub proxies: Vec<Cidr>,
    pub header: ProxyHeader,
}

impl TrustedProxies {
    pub fn is_trusted(&self, ip: IpAddr) -> bool {
        self.proxies.iter().any(|c| c.contains(ip))
    }

    /// The client's address for a request from `peer` with `headers`.
    pub fn client_address(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.is_trusted(peer) {
            return peer;
        }
        self.address_in_header(headers).unwrap_or(peer)
    }

    /// The right-most untrusted entry of the header; `None` when there is
    /// no header, it cannot be read, or every entry read is a trusted proxy.
    fn address_in_header(&self, headers: &HeaderMap) -> Option<IpAddr> {
        // Entries as bytes, read from the right: what a phone put in front
        // (even bytes that are not text) cannot spoil the entries the
        // proxies appended after it, which are read first.
        let mut entries: Vec<&[u8]> = Vec::new();
        for value in headers.get_all(self.header.name()) {
            match self.header {
                ProxyHeader::XForwardedFor => {
                    entries.extend(value.as_bytes().split(|b| *b == b','))
                }
                // Split from the right: a quote the phone left open in its
                // part cannot swallow the elements the proxies appended.
                ProxyHeader::Forwarded => entries.extend(
                    split_from_the_right_outside_quotes(value.to_str().ok()?, b',')
                        .into_iter()
                        .rev()
                        .map(str::as_bytes),
                ),
            }
        }
        for entry in entries.iter().rev().take(MOST_HOPS) {
            let entry = std::str::from_utf8(entry).ok()?;
            let ip = match self.header {
                ProxyHeader::XForwardedFor => parse_node(entry)?,
                ProxyHeader::Forwarded => forwarded_for(entry)?,
            };
            if !self.is_trusted(ip) {
                return Some(ip);
            }
        }
        None
    }

    /// What the start log says about how client addresses are found.
    pub fn describe(&self) -> String {
        if self.proxies.is_empty() {
            "the TCP peer (no trusted proxies: set PORTAL_TRUSTED_PROXIES behind a proxy or CDN)"
                .into()
        } else {
            let list: Vec<String> = self.proxies.iter().map(Cidr::to_string).collect();
            format!(
                "{} from trusted proxies {}, else the TCP peer",
                self.header.name(),
                list.join(", ")
            )
        }
    }
}

/// One node of `X-Forwarded-For` or `Forwarded: for=`: `192.0.2.1`,
/// `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]`, `[2001:db8::1]:4711`.
fn parse_node(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let port_ok = after.is_empty()
            || after
                .strip_prefix(':')
                .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        return if port_ok {
            inside.parse::<IpAddr>().ok().map(canonical)
        } else {
            None
        };
    }
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    // IPv4 with a port.
    let (host, port) = text.split_once(':')?;
    if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    host.parse::<Ipv4Addr>().ok().map(IpAddr::V4)
}

/// The `for=` address of one `Forwarded` element (`for=192.0.2.60;proto=http`).
fn forwarded_for(element: &str) -> Option<IpAddr> {
    let value = split_from_the_right_outside_quotes(element, b';')
        .into_iter()
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("for"))
        .map(|(_, v)| v.trim())?;
    let value = match value.strip_prefix('"') {
        Some(quoted) => quoted.strip_suffix('"')?,
        None => value,
    };
    if value.contains('\\') || value.contains('"') {
        return None;
    }
    parse_node(value)
}

/// The parts of `text` between each `sep` that is not inside a quoted
/// string, right-most first. Read from the right, so in a `Forwarded`
/// value only the left-most element (what the phone sent, which the
/// proxies' elements follow) can be spoilt by an unclosed quote.
fn split_from_the_right_outside_quotes(text: &str, sep: u8) -> Vec<&str> {
    let bytes = text.as_bytes();
    // A quote is escaped when an odd number of backslashes precede it.
    let escaped = |i: usize| bytes[..i].iter().rev().take_while(|b| **b == b'\\').count() % 2 == 1;
    let mut elements = Vec::new();
    let mut end = bytes.len();
    let mut quoted = false;
    for i in (0..bytes.len()).rev() {
        match bytes[i] {
            b'"' if !escaped(i) => quoted = !quoted,
            b if b == sep && !quoted => {
                elements.push(&text[i + 1..end]);
                end = i;
            }
            _ => {}
        }
    }
    elements.push(&text[..end]);
    elements
}

/// The client's address (see the module's text), for every per-client
/// limit. `0.0.0.0` when the server runs without connection info.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        Ok(ClientIp(
            state.trusted_proxies.client_address(peer, &parts.headers),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    fn proxies(list: &str, header: ProxyHeader) -> TrustedProxies {
        TrustedProxies {
            proxies: Cidr::parse_list(list).expect("list"),
            header,
        }
    }

    fn headers(name: &str, values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(
                HeaderName::from_bytes(name.as_bytes()).expect("name"),
                HeaderValue::from_bytes(v.as_bytes()).expect("value"),
            );
        }
        h
    }

    #[test]
    fn cidrs() {
        let c = Cidr::parse("10.1.2.3/8").expect("cidr");
        assert_eq!(c.to_string(), "10.0.0.0/8");
        assert!(c.contains(ip("10.255.0.1")));
        assert!(c.contains(ip("::ffff:10.0.0.1")), "mapped IPv4 is IPv4");
        assert!(!c.contains(ip("11.0.0.1")));
        let one = Cidr::parse("192.0.2.7").expect("host");
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        let v6 = Cidr::parse("2001:db8::/32").expect("v6");
        assert!(v6.contains(ip("2001:db8:ffff::1")));
        assert!(!v6.contains(ip("2001:db9::1")));
        assert!(!v6.contains(ip("10.0.0.1")));
        assert!(Cidr::parse("0.0.0.0/0")
            .expect("all")
            .contains(ip("203.0.113.9")));
        assert!(Cidr::parse("::/0").expect("all v6").contains(ip("::1")));
        for bad in [
            "10.0.0.0/33",
            "::/129",
            "10.0.0/8",
            "example.com",
            "10.0.0.0/",
            "/8",
        ] {
            assert!(Cidr::parse(bad).is_err(), "{bad}");
        }
        let list = Cidr::parse_list(" 10.0.0.0/8, ::1 ,").expect("list");
        assert_eq!(list.len(), 2);
        assert_eq!(Cidr::parse_list("").expect("empty"), vec![]);
    }

    #[test]
    fn untrusted_peer_is_the_client_whatever_it_says() {
        let t = proxies("10.0.0.0/8", ProxyHeader::XForwardedFor);
        let h = headers("x-forwarded-for", &["198.51.100.1"]);
        assert_eq!(t.client_address(ip("203.0.113.5"), &h), ip("203.0.113.5"));
        let none = TrustedProxies::default();
        assert_eq!(
            none.client_address(ip("10.0.0.1"), &h),
            ip("10.0.0.1"),
            "no trusted proxies: headers are never read"
        );
    }

    #[test]
    fn right_most_untrusted_entry_of_x_forwarded_for() {
        let t = proxies("10.0.0.0/8, 2001:db8:ffff::/48", ProxyHeader::XForwardedFor);
        let peer = ip("10.0.0.1");
        // The client forged the first entry; the proxy appended the real one.
        let h = headers("x-forwarded-for", &["1.2.3.4, 198.51.100.7"]);
        assert_eq!(t.client_address(peer, &h), ip("198.51.100.7"));
        // A chain of trusted proxies is skipped.
        let h = headers("x-forwarded-for", &["1.2.3.4, 198.51.100.7, 10.9.9.9"]);
        assert_eq!(t.client_address(peer, &h), ip("198.51.100.7"));
        // Several header lines are one list, in order.
        let h = headers("x-forwarded-for", &["1.2.3.4", "198.51.100.8 , 10.0.0.2"]);
        assert_eq!(t.client_address(peer, &h), ip("198.51.100.8"));
        // Ports and brackets.
        let h = headers("x-forwarded-for", &["[2001:db8::5]:4711"]);
        assert_eq!(t.client_address(peer, &h), ip("2001:db8::5"));
        let h = headers("x-forwarded-for", &["198.51.100.9:5000"]);
        assert_eq!(t.client_address(peer, &h), ip("198.51.100.9"));
        let h = headers("x-forwarded-for", &["::ffff:198.51.100.10"]);
        assert_eq!(t.client_address(peer, &h), ip("198.51.100.10"));
        // An IPv6 trusted proxy, peer mapped into IPv6.
        let h = headers("x-forwarded-for", &["2001:db8:1::9"]);
        assert_eq!(
            t.client_address(ip("::ffff:10.1.1.1"), &h),
            ip("2001:db8:1::9")
        );
        assert_eq!(
            t.client_address(ip("2001:db8:ffff:1::1"), &h),
            ip("2001:db8:1::9")
        );
        // The Forwarded header is not the one named: ignored.
        let h = headers("forwarded", &["for=198.51.100.7"]);
        assert_eq!(t.client_address(peer, &h), peer);
    }

    #[test]
    fn malformed_headers_give_the_peer() {
        let t = proxies("10.0.0.0/8", ProxyHeader::XForwardedFor);
        let peer = ip("10.0.0.1");
        for bad in [
            "",
            "not-an-ip",
            "198.51.100.7, unknown",
            "198.51.100.7,,",
            "[2001:db8::1",
            "[2001:db8::1]x",
            "198.51.100.7:",
            "198.51.100.7:http",
            "10.0.0.2",
            "10.0.0.2, 10.0.0.3",
        ] {
            let h = headers("x-forwarded-for", &[bad]);
            assert_eq!(t.client_address(peer, &h), peer, "`{bad}`");
        }
        // Not ASCII.
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_bytes(b"198.51.100.7\xff").expect("value"),
        );
        assert_eq!(t.client_address(peer, &h), peer);
        // Bytes that are not text in front of what the proxy appended do not
        // spoil the proxy's entry: the phone keeps its own bucket.
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_bytes(b"\xff\xfe, 198.51.100.7").expect("value"),
        );
        assert_eq!(t.client_address(peer, &h), ip("198.51.100.7"));
        // No header at all.
        assert_eq!(t.client_address(peer, &HeaderMap::new()), peer);
        // A very long chain of trusted entries is not walked to its end.
        let long = format!("198.51.100.7{}", ", 10.0.0.9".repeat(100));
        let h = headers("x-forwarded-for", &[&long]);
        assert_eq!(t.client_address(peer, &h), peer);
    }

    #[test]
    fn forwarded_header() {
        let t = proxies("10.0.0.0/8", ProxyHeader::Forwarded);
        let peer = ip("10.0.0.1");
        let h = headers(
            "forwarded",
            &["for=1.2.3.4, for=192.0.2.60;proto=http;by=203.0.113.43"],
        );
        assert_eq!(t.client_address(peer, &h), ip("192.0.2.60"));
        let h = headers(
            "forwarded",
            &[
                "For=\"[2001:db8:cafe::17]:4711\"",
                "for=10.2.2.2;proto=https",
            ],
        );
        assert_eq!(t.client_address(peer, &h), ip("2001:db8:cafe::17"));
        // A quoted comma does not split elements.
        let h = headers("forwarded", &["for=192.0.2.61;by=\"a,b\""]);
        assert_eq!(t.client_address(peer, &h), ip("192.0.2.61"));
        for bad in [
            "for=unknown",
            "for=_hidden",
            "proto=https",
            "for=\"192.0.2.60",
            "for=\"[2001:db8::1]\\\"\"",
        ] {
            let h = headers("forwarded", &[bad]);
            assert_eq!(t.client_address(peer, &h), peer, "`{bad}`");
        }
        // What the phone sent, with a quote left open, in front of what the
        // proxy appended (on the same line or the next): the proxy's entry
        // is still read, and the phone keeps its own bucket.
        let h = headers("forwarded", &["for=\"x, for=192.0.2.62"]);
        assert_eq!(t.client_address(peer, &h), ip("192.0.2.62"));
        let h = headers("forwarded", &["for=\"x", "for=192.0.2.63;proto=https"]);
        assert_eq!(t.client_address(peer, &h), ip("192.0.2.63"));
        // A quoted value with an escaped quote and a comma in it is one element.
        assert_eq!(
            split_from_the_right_outside_quotes(r#"for=1.2.3.4;by="a\",b", for=192.0.2.64"#, b','),
            vec![" for=192.0.2.64", r#"for=1.2.3.4;by="a\",b""#]
        );
        // X-Forwarded-For is not the one named: ignored.
        let h = headers("x-forwarded-for", &["198.51.100.7"]);
        assert_eq!(t.client_address(peer, &h), peer);
    }

    #[test]
    fn the_start_log_says_which_mode() {
        assert!(TrustedProxies::default()
            .describe()
            .starts_with("the TCP peer (no trusted proxies"));
        let t = proxies("10.0.0.0/8, ::1", ProxyHeader::Forwarded);
        assert_eq!(
            t.describe(),
            "forwarded from trusted proxies 10.0.0.0/8, ::1/128, else the TCP peer"
        );
    }

    #[test]
    fn proxy_header_names() {
        assert_eq!(
            ProxyHeader::parse("X-Forwarded-For"),
            Ok(ProxyHeader::XForwardedFor)
        );
        assert_eq!(ProxyHeader::parse("forwarded"), Ok(ProxyHeader::Forwarded));
        assert!(ProxyHeader::parse("x-real-ip").is_err());
    }
}
