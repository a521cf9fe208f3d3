//! The catalogue's view state (search, filters, sort) and its toolbar. The state lives in the
//! URL query, so a reload or a copied link shows the same view; the page keeps a local copy so
//! typing never waits for the router.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use lisa_console::catalogue::ViewQuery;
use lisa_console::lifecycle::{status_label, Hosting};
use lisa_api::{ModelStatus, ModelType};

use crate::routes;

/// Typing in the search box updates the table at once and the URL after this pause.
const SEARCH_URL_DELAY: Duration = Duration::from_millis(300);
/// Sorting and filtering update the URL once the new view is on screen.
const URL_DELAY: Duration = Duration::from_millis(50);

/// The router's replace-navigation, kept where a `Copy` state can reach it.
type Navigate = Rc<dyn Fn(&str)>;

#[derive(Clone, Copy)]
pub struct ViewState {
    pub query: RwSignal<ViewQuery>,
    /// The last query this page wrote to the URL: when the router echoes it back, it is not a
    /// navigation (and must not undo keystrokes typed since).
    written: StoredValue<Option<ViewQuery>>,
    ticket: StoredValue<u64>,
    replace: StoredValue<Navigate, LocalStorage>,
}

impl ViewState {
    pub fn new() -> Self {
        // The raw query, decoded once here (the router's query map decodes twice).
        let search = use_location().search;
        let from_url = Memo::new(move |_| search.with(|s| ViewQuery::parse(s)));
        let replace = routes::use_replace();
        let initial = from_url.get_untracked();
        let state = ViewState {
            query: RwSignal::new(initial.clone()),
            written: StoredValue::new(Some(initial)),
            ticket: StoredValue::new(0),
            replace: StoredValue::new_local(Rc::new(move |path: &str| replace(path))),
        };
        // Back/forward or a link to another view of this page.
        Effect::new(move |_| {
            let url = from_url.get();
            if state.written.with_value(|w| w.as_ref() != Some(&url)) && state.query.with_untracked(|q| *q != url) {
                state.written.set_value(Some(url.clone()));
                state.query.set(url);
            }
        });
        state
    }

    /// Change the view; the URL follows (after a pause while typing a search).
    pub fn set(&self, next: ViewQuery, typing: bool) {
        if self.query.with_untracked(|q| *q == next) {
            return;
        }
        self.query.set(next);
        let Some(ticket) = self.ticket.try_update_value(|t| {
            *t += 1;
            *t
        }) else {
            return;
        };
        // The URL is written after the table has been repainted: a router navigation costs a
        // few milliseconds that an interaction should not wait for.
        let this = *self;
        set_timeout(
            move || {
                if this.ticket.try_get_value() == Some(ticket) {
                    this.write_url();
                }
            },
            if typing { SEARCH_URL_DELAY } else { URL_DELAY },
        );
    }

    pub fn update(&self, change: impl FnOnce(&mut ViewQuery), typing: bool) {
        let mut next = self.query.get_untracked();
        change(&mut next);
        self.set(next, typing);
    }

    /// Write a URL change still waiting for its pause now: the page is about to be left (a
    /// press on a link), and Back must return to the view as it was, search included.
    pub fn flush(&self) {
        let pending = self.query.try_with_untracked(|q| self.written.with_value(|w| w.as_ref() != Some(q)));
        if pending == Some(true) {
            // The timer's write would be a repeat.
            self.ticket.try_update_value(|t| *t += 1);
            self.write_url();
        }
    }

    fn write_url(&self) {
        let Some(query) = self.query.try_get_untracked() else { return };
        let text = query.to_query_string();
        let path = if text.is_empty() { routes::href(routes::MODELS) } else { format!("{}?{text}", routes::href(routes::MODELS)) };
        self.written.set_value(Some(query));
        if let Some(replace) = self.replace.try_with_value(Rc::clone) {
            replace(&path);
        }
    }
}

/// Search, the three filters, and how many rows pass them.
#[component]
pub fn CatalogueToolbar(view: ViewState, #[prop(into)] shown: Signal<usize>, #[prop(into)] total: Signal<usize>) -> impl IntoView {
    let q = view.query;
    let status: Vec<(String, String)> = ModelStatus::KNOWN.iter().map(|s| (s.as_str().to_string(), status_label(s))).collect();
    let types: Vec<(String, String)> = ModelType::KNOWN.iter().map(|t| (t.as_str().to_string(), t.as_str().to_string())).collect();
    let hosting: Vec<(String, String)> = Hosting::ALL.iter().map(|h| (h.key().to_string(), h.label().to_string())).collect();
    let on_filter = Callback::new(move |(key, value): (&'static str, String)| {
        view.update(
            |q| match key {
                "status" => q.status = Some(ModelStatus::parse(&value)).filter(ModelStatus::is_known),
                "type" => q.model_type = Some(ModelType::parse(&value)).filter(ModelType::is_known),
                _ => q.hosting = Hosting::from_key(&value),
            },
            false,
        )
    });
    let current = move |key: &'static str| {
        Signal::derive(move || {
            q.with(|q| match key {
                "status" => q.status.as_ref().map(|s| s.as_str().to_string()),
                "type" => q.model_type.as_ref().map(|t| t.as_str().to_string()),
                _ => q.hosting.map(|h| h.key().to_string()),
            })
            .unwrap_or_default()
        })
    };

    view! {
        <div class="catalogue-toolbar" role="search">
            <div class="toolbar-field search-field">
                <label for="catalogue-search">"Search"</label>
                <input
                    id="catalogue-search"
                    type="search"
                    placeholder="Id, name or description"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || q.with(|q| q.search.clone())
                    on:input:target=move |ev| {
                        let text = ev.target().value();
                        view.update(|q| q.search = text, true);
                    }
                />
            </div>
            <FilterSelect key="status" label="Status" all="All statuses" options=status value=current("status") on_filter />
            <FilterSelect key="type" label="Type" all="All types" options=types value=current("type") on_filter />
            <FilterSelect key="hosting" label="Hosting" all="All hosting" options=hosting value=current("hosting") on_filter />
            <div class="toolbar-end">
                <span class="muted" id="catalogue-count" aria-live="polite">
                    {move || {
                        let (shown, total) = (shown.get(), total.get());
                        if total == 0 {
                            String::new() // still loading
                        } else if shown == total {
                            format!("{total} {}", if total == 1 { "model" } else { "models" })
                        } else {
                            format!("Showing {shown} of {total} models")
                        }
                    }}
                </span>
                <Show when=move || q.with(ViewQuery::has_filters)>
                    <button
                        type="button"
                        class="button small"
                        id="clear-filters"
                        on:click=move |_| view.set(q.get_untracked().cleared(), false)
                    >
                        "Clear filters"
                    </button>
                </Show>
            </div>
        </div>
    }
}

#[component]
fn FilterSelect(
    key: &'static str,
    label: &'static str,
    all: &'static str,
    options: Vec<(String, String)>,
    value: Signal<String>,
    on_filter: Callback<(&'static str, String)>,
) -> impl IntoView {
    let id = format!("filter-{key}");
    let initial = value.get_untracked();
    view! {
        <div class="toolbar-field">
            <label for=id.clone()>{label}</label>
            // `selected` places the first render (options do not exist yet when `value` is
            // first set); `prop:value` follows later changes.
            <select id=id prop:value=move || value.get() on:change:target=move |ev| on_filter.run((key, ev.target().value()))>
                <option value="">{all}</option>
                {options
                    .into_iter()
                    .map(|(v, text)| {
                        let selected = v == initial;
                        view! { <option value=v selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
