//! The file's own simple `macro_rules!` expanded where they are invoked as items: a single rule
//! whose matcher is a comma-separated list of fragments (`($ast:ident) => { impl Ast for $ast
//! { .. } }`), invoked with as many arguments (`impl_ast!(Dynamic);`). Generated impl blocks
//! are often where a crate takes its locks (z3's `Ast::new` re-locking the global mutex), and
//! syn does not expand macros. Rules with repetitions, several arms or macros from other
//! crates are left alone; an expansion is not expanded again.
//!
//! Expansion is token substitution; syn then parses the result.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use rustc_hash::FxHashMap as HashMap;
use syn::Item;

/// A one-rule macro: its parameters, in order, and its transcriber.
pub struct SimpleMacro {
    params: Vec<String>,
    body: TokenStream,
}

/// The simple `macro_rules!` of a file, in any inline module, by name.
pub fn simple_macros(items: &[Item]) -> HashMap<String, SimpleMacro> {
    let mut out = HashMap::default();
    collect(items, &mut out);
    out
}

fn collect(items: &[Item], out: &mut HashMap<String, SimpleMacro>) {
    for item in items {
        match item {
            Item::Macro(m) if m.mac.path.is_ident("macro_rules") => {
                if let (Some(name), Some(rule)) = (&m.ident, one_rule(m.mac.tokens.clone())) {
                    out.insert(name.to_string(), rule);
                }
            }
            Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    collect(items, out);
                }
            }
            _ => {}
        }
    }
}

/// `( $a:ident, $b:ty ) => { .. }` with an optional `;`: the rule, when it is the only one and
/// its matcher is plain fragments.
fn one_rule(tokens: TokenStream) -> Option<SimpleMacro> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let (matcher, rest) = trees.split_first()?;
    let TokenTree::Group(matcher) = matcher else {
        return None;
    };
    let [TokenTree::Punct(eq), TokenTree::Punct(gt), TokenTree::Group(body), tail @ ..] = rest
    else {
        return None;
    };
    let single = match tail {
        [] => true,
        [TokenTree::Punct(p)] => p.as_char() == ';',
        _ => false,
    };
    if eq.as_char() != '=' || gt.as_char() != '>' || !single {
        return None;
    }
    let mut params = Vec::new();
    let m: Vec<TokenTree> = matcher.stream().into_iter().collect();
    for chunk in m.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')) {
        match chunk {
            [] => continue,
            [TokenTree::Punct(dollar), TokenTree::Ident(name), TokenTree::Punct(colon), TokenTree::Ident(_)]
                if dollar.as_char() == '$' && colon.as_char() == ':' =>
            {
                params.push(name.to_string())
            }
            _ => return None,
        }
    }
    Some(SimpleMacro {
        params,
        body: body.stream(),
    })
}

/// The items the invocations among `items` of the file's simple macros expand to.
pub fn expansions(items: &[Item], macros: &HashMap<String, SimpleMacro>) -> Vec<Item> {
    if macros.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for item in items {
        let Item::Macro(m) = item else { continue };
        if m.ident.is_some() {
            continue;
        }
        let Some(rule) = m
            .mac
            .path
            .get_ident()
            .and_then(|i| macros.get(&i.to_string()))
        else {
            continue;
        };
        let args: Vec<TokenTree> = m.mac.tokens.clone().into_iter().collect();
        let args: Vec<TokenStream> = args
            .split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
            .filter(|a| !a.is_empty())
            .map(|a| a.iter().cloned().collect())
            .collect();
        if args.len() != rule.params.len() {
            continue;
        }
        let bound: HashMap<&str, &TokenStream> = rule
            .params
            .iter()
            .map(String::as_str)
            .zip(args.iter())
            .collect();
        let expanded = substitute(rule.body.clone(), &bound);
        if let Ok(file) = syn::parse2::<syn::File>(expanded) {
            out.extend(file.items);
        }
    }
    out
}

/// `body` with each `$name` of a parameter replaced by its argument.
fn substitute(body: TokenStream, bound: &HashMap<&str, &TokenStream>) -> TokenStream {
    let mut out = TokenStream::new();
    let mut trees = body.into_iter().peekable();
    while let Some(t) = trees.next() {
        match t {
            TokenTree::Punct(p) if p.as_char() == '$' => {
                let arg = match trees.peek() {
                    Some(TokenTree::Ident(i)) => bound.get(i.to_string().as_str()).copied(),
                    _ => None,
                };
                match arg {
                    Some(arg) => {
                        trees.next();
                        if arg.clone().into_iter().nth(1).is_none() {
                            // One token (an identifier): spliced as it is.
                            out.extend(arg.clone());
                        } else {
                            // Grouped without delimiters, as the compiler passes a fragment.
                            let g = Group::new(Delimiter::None, arg.clone());
                            out.extend([TokenTree::Group(g)]);
                        }
                    }
                    None => out.extend([TokenTree::Punct(p)]),
                }
            }
            TokenTree::Group(g) => {
                let mut inner = Group::new(g.delimiter(), substitute(g.stream(), bound));
                inner.set_span(g.span());
                out.extend([TokenTree::Group(inner)]);
            }
            other => out.extend([other]),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(src: &str) -> Vec<Item> {
        syn::parse_file(src).expect("valid Rust").items
    }

    #[test]
    fn expands_a_one_rule_macro_invoked_as_an_item() {
        let file = items(
            "macro_rules! make { ($t:ident, $n:ident) => { impl $t { fn $n(&self) {} } }; }
             struct A; make!(A, ping);",
        );
        let macros = simple_macros(&file);
        let out = expansions(&file, &macros);
        let [Item::Impl(imp)] = out.as_slice() else {
            panic!("one impl expected, got {}", out.len());
        };
        let syn::ImplItem::Fn(f) = &imp.items[0] else {
            panic!("a method expected");
        };
        assert_eq!(f.sig.ident, "ping");
    }

    #[test]
    fn leaves_repetitions_several_rules_and_wrong_arity_alone() {
        let file = items(
            "macro_rules! many { ($($t:ident),*) => { $(impl $t {})* }; }
             macro_rules! two { (a) => {}; (b) => {}; }
             macro_rules! one { ($t:ident) => { impl $t {} }; }
             struct A; many!(A); two!(a); one!(A, A);",
        );
        let macros = simple_macros(&file);
        assert!(!macros.contains_key("many") && !macros.contains_key("two"));
        assert!(expansions(&file, &macros).is_empty());
    }
}
