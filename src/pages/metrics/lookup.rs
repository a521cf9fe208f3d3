//! The user lookup box. LISA has no endpoint that lists users, so the admin types an id; recent
//! lookups are remembered for the browser session and shown as links.

use leptos::prelude::*;
use lisa_console::metrics_view::lookup::{check_user_id, parse_recent, recent_json, remember};

use crate::routes;
use crate::session::use_session;
use crate::storage;

const RECENT_KEY: &str = "lisa-admin.metrics.recent-users";

pub fn recent_lookups() -> Vec<String> {
    parse_recent(storage::get(RECENT_KEY).as_deref())
}

/// Called by the user page: every user page shown counts as a lookup.
pub fn remember_lookup(id: &str) {
    if check_user_id(id).is_ok() {
        let list = remember(recent_lookups(), id);
        // Storage may be full or disabled: the list is a convenience, so a failure is ignored.
        let _ = storage::set(RECENT_KEY, &recent_json(&list));
    }
}

#[component]
pub fn UserLookup(
    /// Leave out this id from the recent links (the user already on screen).
    #[prop(optional, into)]
    current: Option<Signal<String>>,
) -> impl IntoView {
    let go = routes::use_go();
    let input = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let recent = RwSignal::new(recent_lookups());
    // The signed-in user's own id, when the token names it: the one user id the app knows.
    let me = use_session().username();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check_user_id(&input.get_untracked()) {
            Ok(id) => {
                error.set(None);
                go(&routes::user_metrics(&id));
            }
            // What was typed stays in the box.
            Err(message) => error.set(Some(message)),
        }
    };
    let links = move || {
        let skip = current.map(|c| c.get()).unwrap_or_default();
        recent.get().into_iter().filter(|id| *id != skip).collect::<Vec<_>>()
    };
    // Re-read when the current user changes (its page has just remembered it).
    Effect::new(move |_| {
        if let Some(c) = current {
            c.track();
        }
        recent.set(recent_lookups());
    });
    view! {
        <form class="lookup" id="user-lookup" role="search" novalidate=true on:submit=on_submit>
            <label for="lookup-user-id">"Look up a user"</label>
            <div class="lookup-row">
                <input
                    id="lookup-user-id"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="john.doe@company.com"
                    aria-describedby="lookup-hint lookup-error"
                    aria-invalid=move || error.get().is_some().to_string()
                    prop:value=move || input.get()
                    on:input=move |ev| {
                        input.set(event_target_value(&ev));
                        error.set(None);
                    }
                />
                <button type="submit" class="button primary" id="lookup-submit">
                    "Look up"
                </button>
            </div>
            <p class="hint" id="lookup-hint">
                "LISA cannot list its users: enter the user id (username) exactly as LISA records it."
            </p>
            <p class="field-error" id="lookup-error" role="alert" hidden=move || error.get().is_none()>
                {move || error.get().unwrap_or_default()}
            </p>
            {move || me.get().map(|me| view! {
                <p class="lookup-me">
                    "Your own usage: "
                    <a id="lookup-me" href=routes::user_metrics(&me)>{me.clone()}</a>
                </p>
            })}
            {move || {
                let links = links();
                (!links.is_empty()).then(|| view! {
                    <nav class="recent-lookups" id="recent-lookups" aria-label="Recent lookups">
                        <span class="muted">"Recent: "</span>
                        <ul>
                            {links
                                .into_iter()
                                .map(|id| view! { <li><a href=routes::user_metrics(&id)>{id.clone()}</a></li> })
                                .collect_view()}
                        </ul>
                    </nav>
                })
            }}
        </form>
    }
}
