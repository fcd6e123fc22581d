//! Parameters in texts.

/// `template` with its placeholders replaced, as `format!` would: `{}` is
/// the next of `args`, `{N}` the N-th (from 0), for a language that puts
/// them in another order. One function instead of a `format!` per text.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    let mut next = 0;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let inner = &rest[start + 1..start + len];
        let index = if inner.is_empty() {
            next += 1;
            Some(next - 1)
        } else {
            inner.parse::<usize>().ok()
        };
        out.push_str(&rest[..start]);
        match index.and_then(|i| args.get(i)) {
            Some(arg) => out.push_str(arg),
            None if index.is_some() => {}
            None => out.push_str(&rest[start..=start + len]),
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn placeholders_are_filled_in_order_or_by_index() {
        assert_eq!(fill("a {} b {}.", &["1", "2"]), "a 1 b 2.");
        assert_eq!(fill("a {}.", &["1", ""]), "a 1.");
        assert_eq!(fill("{1} は {0}", &["x", "y"]), "y は x");
        assert_eq!(fill("{} {}", &["x"]), "x ");
        assert_eq!(fill("no {braces", &["x"]), "no {braces");
    }
}
