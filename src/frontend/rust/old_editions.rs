//! Code written for editions 2015 and 2018 that syn, which parses the current language, rejects:
//! rewritten token by token into what the same code means today, so an old crate is lowered
//! instead of reported as a syntax error (KN001).
//!
//! Only a file that failed to parse comes here, and only when its crate's edition is older than
//! 2021 or unknown. Three rewrites, each of code the current editions reject outright:
//! - an identifier that later editions made a keyword (`async`, `await`, `try`; edition 2015
//!   only) becomes a raw identifier: `let async = ..`, `fn await(&self)`, `try!(..)`;
//! - a bare `Fn`/`FnMut`/`FnOnce` trait object in a type (`&mut FnMut(u32)`, `Box<Fn() -> T>`,
//!   `type Cb = Fn(u32) + Send;`) gets its `dyn`;
//! - a trait method's anonymous parameter (`fn push(&self, T);`, edition 2015) gets the name `_`.
//!
//! Every token keeps its span and every added token takes its neighbour's, so findings in the
//! rewritten file point into the text as written.
//!
//! The rewrite runs only after a failed parse, for a file of an edition 2015 or 2018 crate.

use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};

/// The rewritten file, or `None` when nothing in it needed a rewrite (the syntax error stands).
pub(crate) fn parse_rewritten(text: &str, edition: Option<u16>) -> Option<syn::File> {
    if edition.is_some_and(|e| e >= 2021) {
        return None;
    }
    let tokens: TokenStream = text.parse().ok()?;
    let mut changed = false;
    let keywords = edition.is_none_or(|e| e < 2018);
    let rewritten = rewrite(tokens, keywords, &mut changed);
    if !changed {
        return None;
    }
    syn::parse2::<syn::File>(rewritten).ok()
}

/// Identifiers edition 2018 made keywords, which syn never takes for a name.
const LATER_KEYWORDS: [&str; 3] = ["async", "await", "try"];

const FN_TRAITS: [&str; 3] = ["Fn", "FnMut", "FnOnce"];

fn rewrite(tokens: TokenStream, keywords: bool, changed: &mut bool) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Group(g) => {
                let inner = rewrite(g.stream(), keywords, changed);
                let inner = if g.delimiter() == Delimiter::Parenthesis && is_signature(&trees, i) {
                    name_anonymous_params(inner, g.span(), changed)
                } else {
                    inner
                };
                let mut group = Group::new(g.delimiter(), inner);
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
            }
            TokenTree::Ident(id) => {
                let name = id.to_string();
                if keywords && LATER_KEYWORDS.contains(&name.as_str()) {
                    out.push(TokenTree::Ident(Ident::new_raw(&name, id.span())));
                    *changed = true;
                    continue;
                }
                if FN_TRAITS.contains(&name.as_str())
                    && matches!(trees.get(i + 1), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis)
                {
                    let start = path_start(&out);
                    if in_type_position(&out[..start]) {
                        let at = out.get(start).map_or(id.span(), TokenTree::span);
                        out.insert(start, TokenTree::Ident(Ident::new("dyn", at)));
                        *changed = true;
                    }
                }
                out.push(tree.clone());
            }
            _ => out.push(tree.clone()),
        }
    }
    out.into_iter().collect()
}

/// Whether the parenthesised group at `i` holds a function's parameters: `fn name(..)` or
/// `fn name<..>(..)`. A `fn(..)` pointer type names no function and has no anonymous ones.
fn is_signature(trees: &[TokenTree], i: usize) -> bool {
    let mut j = i;
    let mut depth = 0i32;
    // Step back over the generic parameters.
    while j > 0 {
        j -= 1;
        match &trees[j] {
            TokenTree::Punct(p) if p.as_char() == '>' && closes_angle(trees, j) => depth += 1,
            TokenTree::Punct(p) if p.as_char() == '<' => depth -= 1,
            TokenTree::Ident(name) if depth == 0 => {
                return j > 0
                    && matches!(&trees[j - 1], TokenTree::Ident(f) if f == "fn")
                    && name != "fn";
            }
            _ if depth > 0 => {}
            _ => return false,
        }
    }
    false
}

/// Where the path ending at the name about to be pushed starts: `::std::ops::` before `FnMut`.
fn path_start(out: &[TokenTree]) -> usize {
    let colon =
        |t: Option<&TokenTree>| matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == ':');
    let mut k = out.len();
    while k >= 2 && colon(out.get(k - 1)) && colon(out.get(k - 2)) {
        k -= 2;
        match out.get(k.wrapping_sub(1)) {
            Some(TokenTree::Ident(seg))
                if !matches!(seg.to_string().as_str(), "mut" | "dyn" | "impl" | "as") =>
            {
                k -= 1
            }
            _ => break,
        }
    }
    k
}

/// Whether the trait name about to be pushed stands where a type goes, not a bound: after a
/// reference (`&`, `&'a`, `&mut`), an opening or a comma of generic arguments, or `=`.
fn in_type_position(out: &[TokenTree]) -> bool {
    let mut k = out.len();
    let last = |k: usize| out.get(k.wrapping_sub(1));
    if matches!(last(k), Some(TokenTree::Ident(m)) if m == "mut") {
        k -= 1;
    }
    // A lifetime is `'` joint with its name.
    if matches!(last(k), Some(TokenTree::Ident(_)))
        && matches!(out.get(k.wrapping_sub(2)), Some(TokenTree::Punct(p)) if p.as_char() == '\'')
    {
        k -= 2;
    }
    match last(k) {
        Some(TokenTree::Punct(p)) => match p.as_char() {
            '&' | '<' | '=' => true,
            // A comma inside generic arguments; a comma between bounds or parameters is
            // followed by a name and a colon, never by a bare `Fn(..)`, except in a where
            // clause, which `in_angle_brackets` rules out.
            ',' => in_angle_brackets(&out[..k - 1]),
            _ => false,
        },
        _ => false,
    }
}

/// Whether the `>` at `k` closes a `<`: it is not the head of a `->`.
fn closes_angle(trees: &[TokenTree], k: usize) -> bool {
    k == 0
        || !matches!(&trees[k - 1], TokenTree::Punct(q) if q.as_char() == '-' && q.spacing() == Spacing::Joint)
}

/// Whether the tokens end inside an unclosed `<`.
fn in_angle_brackets(out: &[TokenTree]) -> bool {
    let mut depth = 0i32;
    for (k, t) in out.iter().enumerate().rev() {
        if let TokenTree::Punct(p) = t {
            match p.as_char() {
                '>' if closes_angle(out, k) => depth += 1,
                '<' if depth == 0 => return true,
                '<' => depth -= 1,
                ';' | '{' => return false,
                _ => {}
            }
        }
    }
    false
}

/// A parameter list with each parameter that is only a type (`T`, `&mut R`) named `_`.
fn name_anonymous_params(params: TokenStream, span: Span, changed: &mut bool) -> TokenStream {
    let trees: Vec<TokenTree> = params.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len() + 4);
    for part in split_params(&trees) {
        if !part.is_empty() && is_anonymous(part) {
            let at = part.first().map_or(span, TokenTree::span);
            out.push(TokenTree::Ident(Ident::new("_", at)));
            let mut colon = Punct::new(':', Spacing::Alone);
            colon.set_span(at);
            out.push(TokenTree::Punct(colon));
            *changed = true;
        }
        out.extend(part.iter().cloned());
    }
    out.into_iter().collect()
}

/// The parameters with their trailing commas: split after each comma outside `<..>`.
fn split_params(trees: &[TokenTree]) -> Vec<&[TokenTree]> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (k, t) in trees.iter().enumerate() {
        if let TokenTree::Punct(p) = t {
            match p.as_char() {
                '<' => depth += 1,
                '>' if closes_angle(trees, k) => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&trees[start..=k]);
                    start = k + 1;
                }
                _ => {}
            }
        }
    }
    parts.push(&trees[start..]);
    parts
}

/// A parameter with no pattern: no `:` of its own (one of a `::` path does not count) and not
/// a `self` receiver.
fn is_anonymous(part: &[TokenTree]) -> bool {
    let mut depth = 0i32;
    for (k, t) in part.iter().enumerate() {
        match t {
            TokenTree::Ident(id) if id == "self" && depth == 0 => return false,
            TokenTree::Punct(p) => match p.as_char() {
                '<' => depth += 1,
                '>' if closes_angle(part, k) => depth -= 1,
                ':' if depth == 0 => {
                    let joined_before = k > 0
                        && matches!(&part[k - 1], TokenTree::Punct(q) if q.as_char() == ':' && q.spacing() == Spacing::Joint);
                    let joined_after = p.spacing() == Spacing::Joint
                        && matches!(part.get(k + 1), Some(TokenTree::Punct(q)) if q.as_char() == ':');
                    if !joined_before && !joined_after {
                        return false;
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    // A lone `,` left after the last parameter is no parameter.
    !matches!(part, [TokenTree::Punct(p)] if p.as_char() == ',')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(src: &str, edition: Option<u16>) -> Option<String> {
        let file = parse_rewritten(src, edition)?;
        Some(quote_file(&file))
    }

    fn quote_file(file: &syn::File) -> String {
        use quote::ToTokens;
        file.to_token_stream().to_string()
    }

    #[test]
    fn bare_fn_trait_objects_get_dyn() {
        let out = rewritten(
            "fn a(f: &mut FnMut(u32)) {}\nfn b() -> Box<Fn() -> u32 + Send> { loop {} }\n\
             type T = Fn(&u8) + Send;\nfn c<F: Fn(u32)>(f: F, g: &'a Fn()) where F: FnOnce() {}\n\
             fn d(f: &mut ::std::ops::FnMut() -> u8, g: Box<ops::Fn()>) {}",
            None,
        )
        .expect("rewritten");
        assert!(out.contains("& mut dyn FnMut (u32)"), "{out}");
        assert!(out.contains("Box < dyn Fn () -> u32 + Send >"), "{out}");
        assert!(out.contains("type T = dyn Fn"), "{out}");
        assert!(out.contains("F : Fn (u32)"), "{out}");
        assert!(out.contains("& 'a dyn Fn ()"), "{out}");
        assert!(out.contains("F : FnOnce ()"), "{out}");
        assert!(out.contains("& mut dyn :: std :: ops :: FnMut"), "{out}");
        assert!(out.contains("Box < dyn ops :: Fn ()"), "{out}");
    }

    #[test]
    fn anonymous_trait_params_are_named() {
        let out = rewritten(
            "trait T { fn push(&self, T); fn w(&mut self, usize, &std::sync::atomic::AtomicUsize); \
             fn s<R: Rng>(&self, &mut R) -> u8; fn k(HashMap<u8, u8>); fn ok(&self, x: u8); }",
            Some(2015),
        )
        .expect("rewritten");
        assert!(out.contains("fn push (& self , _ : T)"), "{out}");
        assert!(out.contains("_ : usize , _ : & std :: sync"), "{out}");
        assert!(out.contains("(& self , _ : & mut R)"), "{out}");
        assert!(out.contains("(_ : HashMap < u8 , u8 >)"), "{out}");
        assert!(out.contains("fn ok (& self , x : u8)"), "{out}");
    }

    #[test]
    fn later_keywords_are_names_in_edition_2015_only() {
        let src = "fn f() { let async = 1; self.await(); try!(g()); }";
        let out = rewritten(src, Some(2015)).expect("rewritten");
        assert!(out.contains("let r#async = 1"), "{out}");
        assert!(rewritten(src, Some(2018)).is_none());
        assert!(rewritten("fn f(&mut FnMut()) {}", Some(2021)).is_none());
    }

    #[test]
    fn a_real_syntax_error_stays_one() {
        assert!(rewritten("fn f( { let x = ; }", Some(2015)).is_none());
        assert!(rewritten("fn f() { let = 1; }", None).is_none());
    }
}
