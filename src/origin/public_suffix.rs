//! The one answer to "can a stranger get a host under this domain?", from
//! the Public Suffix List (`public_suffix_list.dat`, generated from the
//! list; see `tests/public_suffix_list.rs`) and the suffixes a policy
//! declares public itself
//! ([`CorsBuilder::treat_as_public_suffixes`](crate::CorsBuilder::treat_as_public_suffixes)).
//!
//! Wildcards, regexes and configuration files all ask [`Suffixes`]; nothing
//! else in the crate reads the list.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The list's rules, one a line: `name`, `*.name` (every label under `name`
/// is a public suffix) or `!name` (an exception to a wildcard rule).
const LIST: &str = include_str!("public_suffix_list.dat");

/// Names no registry hands out (RFC 6761 and 8375, and ICANN's `internal`):
/// names under them are whoever runs the network's, so they are not public
/// suffixes, whatever the list's default rule says of a lone label.
const SPECIAL_USE: [&str; 6] = [
    "localhost",
    "test",
    "example",
    "invalid",
    "internal",
    "home.arpa",
];

/// The list, indexed once per process.
struct List {
    /// Plain rules.
    names: HashSet<&'static str>,
    /// The domains of wildcard rules (`compute.amazonaws.com` for
    /// `*.compute.amazonaws.com`).
    wildcards: HashSet<&'static str>,
    /// Exceptions to wildcard rules.
    exceptions: HashSet<&'static str>,
    /// For each domain with rules strictly below it, those rules as written
    /// (`s3.amazonaws.com`, `*.compute.amazonaws.com`), in the list's order.
    below: HashMap<&'static str, Vec<&'static str>>,
}

impl List {
    fn get() -> &'static List {
        static LIST_INDEX: OnceLock<List> = OnceLock::new();
        LIST_INDEX.get_or_init(|| List::parse(LIST))
    }

    fn parse(text: &'static str) -> List {
        let mut list = List {
            names: HashSet::default(),
            wildcards: HashSet::default(),
            exceptions: HashSet::default(),
            below: HashMap::default(),
        };
        for rule in text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
        {
            if let Some(name) = rule.strip_prefix('!') {
                list.exceptions.insert(name);
                continue;
            }
            // The domain whose subdomains the rule makes public, or the
            // public name itself.
            let domain = match rule.strip_prefix("*.") {
                Some(domain) => {
                    list.wildcards.insert(domain);
                    domain
                }
                None => {
                    list.names.insert(rule);
                    parent(rule).unwrap_or("")
                }
            };
            let mut above = Some(domain);
            while let Some(ancestor) = above.filter(|a| !a.is_empty()) {
                // A wildcard rule's own domain has the rule below it too.
                if ancestor != rule {
                    list.below.entry(ancestor).or_default().push(rule);
                }
                above = parent(ancestor);
            }
        }
        list
    }

    /// The list's verdict: `domain` is a public suffix by a rule, a
    /// wildcard rule without an exception, or (a lone label) the default
    /// rule.
    fn is_public_suffix(&self, domain: &str) -> bool {
        if self.exceptions.contains(domain) {
            return false;
        }
        self.names.contains(domain)
            || parent(domain).map_or(true, |parent| self.wildcards.contains(parent))
    }
}

/// `example.com` for `app.example.com`; `None` for a lone label.
fn parent(domain: &str) -> Option<&str> {
    domain.split_once('.').map(|(_, parent)| parent)
}

/// The public suffixes one policy is judged by: the list's, and those it
/// declares itself. Ask it whether a pattern's hosts can be a stranger's.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Suffixes<'a> {
    declared: &'a [String],
}

impl<'a> Suffixes<'a> {
    /// The list's suffixes and `declared` (canonical domains, validated by
    /// the caller).
    pub(crate) const fn new(declared: &'a [String]) -> Self {
        Suffixes { declared }
    }

    /// Whether anyone can register names directly under `domain`, a
    /// canonical domain: a public suffix of the list (private section
    /// included, so `github.io` is one) or one the policy declared; never a
    /// special-use name.
    pub(crate) fn is_public_suffix(&self, domain: &str) -> bool {
        if self.declared.iter().any(|d| d == domain) {
            return true;
        }
        !is_special_use(domain) && List::get().is_public_suffix(domain)
    }

    /// A public suffix at or below `domain`, if there is one: then a
    /// stranger can get a host among `domain`'s subdomains. `domain` itself
    /// (`github.io`), or one the list (or the policy) puts below it
    /// (`s3.amazonaws.com` below `amazonaws.com`; `*.compute.amazonaws.com`,
    /// written so, for a wildcard rule).
    pub(crate) fn public_at_or_below(&self, domain: &str) -> Option<String> {
        if self.is_public_suffix(domain) {
            return Some(domain.to_owned());
        }
        if let Some(declared) = self.declared.iter().find(|d| is_under(d, domain)) {
            return Some(declared.clone());
        }
        if is_special_use(domain) {
            return None;
        }
        let list = List::get();
        if list.wildcards.contains(domain) {
            return Some(format!("*.{domain}"));
        }
        // The nearest and shortest, the one a reader most likely knows
        // (`s3.amazonaws.com` rather than a regional endpoint).
        let nearest = list.below.get(domain)?.iter().min_by_key(|rule| {
            let name = rule.trim_start_matches("*.");
            (name.matches('.').count(), rule.len(), **rule)
        })?;
        Some((*nearest).to_owned())
    }

    /// Whether every name directly under `domain` is a public suffix (a
    /// wildcard rule of the list, `*.compute.amazonaws.com`).
    #[cfg(feature = "regex")]
    pub(crate) fn is_wildcard_domain(&self, domain: &str) -> bool {
        List::get().wildcards.contains(domain)
    }

    /// The domains strictly below `domain` that are public suffixes, or
    /// whose subdomains are (a wildcard rule's domain), in the list's order
    /// and then the declared ones.
    #[cfg(feature = "regex")]
    pub(crate) fn below(&self, domain: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let listed = List::get().below.get(domain).map_or(&[][..], Vec::as_slice);
        listed
            .iter()
            .map(|rule| rule.strip_prefix("*.").unwrap_or(rule))
            .filter(move |stem| *stem != domain)
            .chain(
                self.declared
                    .iter()
                    .map(String::as_str)
                    .filter(move |d| is_under(d, domain)),
            )
    }
}

/// Whether `domain` is, or is under, a special-use name.
fn is_special_use(domain: &str) -> bool {
    SPECIAL_USE
        .iter()
        .any(|name| domain == *name || is_under(domain, name))
}

/// Whether `name` is a proper subdomain of `domain`.
fn is_under(name: &str, domain: &str) -> bool {
    name.len() > domain.len()
        && name.ends_with(domain)
        && name.as_bytes().get(name.len() - domain.len() - 1) == Some(&b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: Suffixes<'static> = Suffixes { declared: &[] };

    #[test]
    fn the_list_says_what_is_public() {
        for public in [
            "com",
            "co.uk",
            "github.io",
            "s3.amazonaws.com",
            "vercel.app",
            "xn--55qx5d.cn",
            "anything.ck",
            "nosuchtld",
            "local",
        ] {
            assert!(NONE.is_public_suffix(public), "{public}");
        }
        for private in [
            "example.com",
            "amazonaws.com",
            "www.ck",
            "localhost",
            "test",
            "internal",
            "home.arpa",
            "app.test",
        ] {
            assert!(!NONE.is_public_suffix(private), "{private}");
        }
    }

    #[test]
    fn suffixes_below_a_domain_are_found() {
        let at = |d: &str| NONE.public_at_or_below(d);
        assert_eq!(at("github.io").as_deref(), Some("github.io"));
        // The nearest rule below, the one a reader knows.
        assert_eq!(at("amazonaws.com").as_deref(), Some("s3.amazonaws.com"));
        assert!(at("compute.amazonaws.com").is_some_and(|s| s.ends_with("compute.amazonaws.com")));
        assert_eq!(at("example.com"), None);
        assert_eq!(at("www.ck"), None);
        assert_eq!(at("acme.vercel.app"), None);
        assert_eq!(at("test"), None);
        let declared = ["app.github.dev".to_owned()];
        let with = Suffixes::new(&declared);
        assert_eq!(
            with.public_at_or_below("github.dev").as_deref(),
            Some("app.github.dev")
        );
        assert_eq!(
            with.public_at_or_below("app.github.dev").as_deref(),
            Some("app.github.dev")
        );
        assert_eq!(with.public_at_or_below("me.app.github.dev"), None);
        #[cfg(feature = "regex")]
        assert!(with.below("github.dev").any(|d| d == "app.github.dev"));
    }

    /// The list's lookups agree with the psl crate on every rule and on a
    /// name under each.
    #[test]
    fn lookups_agree_with_the_psl_crate() {
        let psl = |name: &str| {
            psl::suffix(name.as_bytes()).is_some_and(|s| s.as_bytes() == name.as_bytes())
        };
        let list = List::get();
        let mut checked = 0;
        for rule in LIST
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
        {
            let name = rule.trim_start_matches('!').trim_start_matches("*.");
            if !name.is_ascii() || name.split('.').any(|l| l.starts_with("xn--")) {
                // psl matches internationalised rules in Unicode only.
                continue;
            }
            for probe in [name.to_owned(), format!("towercorsprobe.{name}")] {
                let ours = list.is_public_suffix(&probe);
                // Where one wildcard rule's domain sits under another's
                // (`*.mtls.run.app` under `*.run.app`), the list's
                // algorithm makes that domain public by the outer rule;
                // psl's trie does not. The stricter answer stands.
                let nested_wildcard = list.wildcards.contains(probe.as_str())
                    && parent(&probe).is_some_and(|p| list.wildcards.contains(p));
                if nested_wildcard {
                    assert!(ours, "{rule}: {probe}");
                } else {
                    assert_eq!(ours, psl(&probe), "{rule}: {probe}");
                }
                checked += 1;
            }
        }
        assert!(checked > 19_000, "{checked}");
    }
}
