//! KN401's check of a close that an earlier call in the same `try` can skip:
//! `try: sock.shutdown(SHUT_RDWR); sock.close() except OSError: pass`. When the peer has already
//! gone, `shutdown()` raises, the handler swallows the error, and `close()` never runs: the
//! file descriptor leaks (and the code usually drops its reference right after).
//!
//! Reported when the earlier call is a step of closing (`shutdown`, `flush`) of the same object
//! in the same `try` body (not
//! inside a `try` of its own that handles its failure), and neither a handler, the `finally`,
//! nor anything after the `try` in the function closes the object; an object a `with` manages
//! is closed by it.

use crate::analysis::Facts;
use crate::finding::Finding;
use crate::ir::{walk_events, walk_stmts, Callee, Event, Name, Place, Stmt};
use crate::rules::races::{is_lang, place_name};
use crate::source::{Lang, Span};

/// The methods that close the object.
const CLOSES: &[&str] = &["close", "aclose"];

/// Steps commonly taken right before a close that fail when the other end is gone or the disk
/// is full: a socket's `shutdown`, a stream's `flush`. (Work done with the object before its
/// close is the function's business; these are part of closing it.)
const PRE_CLOSE: &[&str] = &["shutdown", "flush"];

pub(super) fn closes_skipped_by_earlier_failure(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    for id in cg.ids() {
        if !is_lang(cg, id, Lang::Python) {
            continue;
        }
        let f = cg.function(id);
        // Objects a `with` opened: it closes them whatever the body does.
        let managed: Vec<&Place> = cg
            .events(id)
            .iter()
            .filter_map(|e| match e {
                Event::Open {
                    resource: Some(p),
                    managed: true,
                    ..
                } => Some(p),
                _ => None,
            })
            .collect();
        let mut reported: Vec<Span> = Vec::new();
        walk_stmts(&f.body, &mut |st| {
            let Stmt::Try {
                body,
                handlers,
                finally,
                span,
                ..
            } = st
            else {
                return;
            };
            if handlers.is_empty() {
                return;
            }
            let mut calls: Vec<(&Place, Name, Span)> = Vec::new();
            method_calls_outside_tries(body, &mut calls);
            for &(place, method, close) in &calls {
                if !CLOSES.contains(&method.as_str()) || managed.contains(&place) {
                    continue;
                }
                if matches!(place, Place::Field { field, .. } if field.as_str().contains('.')) {
                    continue;
                }
                let Some(&(_, earlier, at)) = calls
                    .iter()
                    .filter(|(p, m, s)| {
                        *p == place && s.start < close.start && PRE_CLOSE.contains(&m.as_str())
                    })
                    .min_by_key(|(_, _, s)| s.start)
                else {
                    continue;
                };
                let closes_it = |b: &[Stmt]| closes(b, place);
                if handlers.iter().any(|h| closes_it(h)) || closes_it(finally) {
                    continue;
                }
                // Closed again after the `try` (a second attempt, or a close in a later step).
                let later = cg
                    .events(id)
                    .iter()
                    .any(|e| e.span().start >= span.end && closes_event(e, place));
                if later || reported.contains(&close) {
                    continue;
                }
                reported.push(close);
                let name = place_name(cg, place, id);
                out.push(
                    Finding::new(
                        &super::resource_not_closed::RULE,
                        at,
                        format!(
                            "`{name}.{method}()` is skipped when `{name}.{earlier}()` raises: the `except` goes on and `{name}` stays open"
                        ),
                    )
                    .with_label(format!("`{name}.{earlier}()` may raise here"))
                    .with_related(close, format!("`{name}.{method}()` is skipped then"))
                    .with_related(*span, "the `try` whose handler swallows the error".to_string())
                    .with_help(format!(
                        "close `{name}` in a `finally`, or give `{name}.{earlier}()` a `try` of its own"
                    )),
                );
            }
        });
    }
}

/// Method calls on places in `body`, leaving out the bodies of nested `try`s with handlers
/// (their failures are handled there) and of nested functions (not in the IR body).
fn method_calls_outside_tries<'a>(body: &'a [Stmt], out: &mut Vec<(&'a Place, Name, Span)>) {
    for st in body {
        match st {
            Stmt::Event(e) => {
                if let Some((p, m)) = method_call(e) {
                    out.push((p, m, e.span()));
                }
            }
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                if handlers.is_empty() {
                    method_calls_outside_tries(body, out);
                }
                method_calls_outside_tries(orelse, out);
                method_calls_outside_tries(finally, out);
            }
            _ => st.each_body(&mut |b| method_calls_outside_tries(b, out)),
        }
    }
}

/// The object and method of a method call.
fn method_call(e: &Event) -> Option<(&Place, Name)> {
    match e {
        Event::MethodCall { place, method, .. } => Some((place, *method)),
        Event::Call {
            callee: Callee::Method { method, .. } | Callee::Dynamic { method },
            receiver: Some(place),
            ..
        } => Some((place, *method)),
        _ => None,
    }
}

fn closes_event(e: &Event, place: &Place) -> bool {
    match e {
        Event::Close { resource, .. } => resource == place,
        _ => method_call(e).is_some_and(|(p, m)| p == place && CLOSES.contains(&m.as_str())),
    }
}

fn closes(body: &[Stmt], place: &Place) -> bool {
    let mut found = false;
    walk_events(body, &mut |e| found |= closes_event(e, place));
    found
}
