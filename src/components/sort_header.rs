//! A sortable table header cell: a button inside `<th>` with `aria-sort`, so the sort is
//! keyboard operable and announced. The table owns the sort state; this only renders it.

use leptos::prelude::*;

/// `aria_sort` is `"ascending"`, `"descending"` or `"none"`.
#[component]
pub fn SortHeader(
    label: &'static str,
    #[prop(into)] aria_sort: Signal<&'static str>,
    on_sort: Callback<()>,
    /// Right-aligned (a number column).
    #[prop(optional)]
    numeric: bool,
    /// Identifies the column for tests and styles (`data-column`).
    #[prop(optional)]
    column: &'static str,
) -> impl IntoView {
    let icon = move || match aria_sort.get() {
        "ascending" => "▲",
        "descending" => "▼",
        _ => "↕",
    };
    view! {
        <th scope="col" class=if numeric { "num" } else { "" } aria-sort=move || aria_sort.get() data-column=column>
            <button type="button" class="sort" on:click=move |_| on_sort.run(())>
                {label}
                <span class="sort-icon" aria-hidden="true">{icon}</span>
            </button>
        </th>
    }
}
