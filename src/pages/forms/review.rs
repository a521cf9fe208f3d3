//! The review step: exactly the JSON that will be sent, before it is sent.

use leptos::html;
use leptos::prelude::*;

/// One request of the review: method and path, and its body (`None`: no body).
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    pub method: &'static str,
    pub path: String,
    pub body: Option<String>,
}

pub fn review(requests: Vec<Planned>, note: &'static str, actions: impl IntoView) -> impl IntoView {
    let heading = NodeRef::<html::H2>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! {
        <section class="card review" id="review" aria-labelledby="review-heading">
            <h2 id="review-heading" tabindex="-1" node_ref=heading>"Review"</h2>
            <p>{note}</p>
            {requests
                .into_iter()
                .enumerate()
                .map(|(i, r)| {
                    view! {
                        <div class="planned-request">
                            <p class="request-line">
                                <code>{r.method} " " {r.path}</code>
                            </p>
                            {r.body.map(|b| view! { <pre class="review-json" id=format!("review-json-{i}")><code>{b}</code></pre> })}
                        </div>
                    }
                })
                .collect_view()}
            <div class="form-actions">{actions}</div>
        </section>
    }
}
