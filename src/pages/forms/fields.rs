//! Text fields described as data: a section lists its fields in a table and renders them in
//! one loop, so the view code exists once per form type instead of once per field.

use leptos::prelude::*;

use super::lens::Lens;
use super::ui::TextField;

pub const NUM: u8 = 1;
pub const REQUIRED: u8 = 2;
pub const SECRET: u8 = 4;

pub struct Text<S: 'static> {
    /// The form key (LISA's field path).
    pub key: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub flags: u8,
    pub get: fn(&S) -> &String,
    pub get_mut: fn(&mut S) -> &mut String,
}

/// `text!("key", "Label", "hint", FLAGS, path.to.field)`: a table row.
#[macro_export]
macro_rules! text {
    ($key:expr, $label:expr, $hint:expr, $flags:expr, $($path:ident).+) => {
        $crate::pages::forms::fields::Text {
            key: $key,
            label: $label,
            hint: $hint,
            flags: $flags,
            get: |f| &f.$($path).+,
            get_mut: |f| &mut f.$($path).+,
        }
    };
}

/// The fields of `table`, bound to `form`.
pub fn text_fields<S: Send + Sync + 'static>(form: RwSignal<S>, table: &'static [Text<S>]) -> impl IntoView {
    table
        .iter()
        .map(|t| {
            view! {
                <TextField
                    key=t.key
                    label=t.label
                    hint=t.hint
                    numeric=t.flags & NUM != 0
                    required=t.flags & REQUIRED != 0
                    secret=t.flags & SECRET != 0
                    value=Lens::of(form, t.get, t.get_mut)
                />
            }
        })
        .collect_view()
}

/// A form section: a card with its heading, its whole-section complaints (`section`, e.g.
/// `section.autoscaling`; `""` for none) and its content.
pub fn card(id: &'static str, title: &'static str, section: &'static str, hint: &'static str, content: impl IntoView) -> impl IntoView {
    let heading = format!("{id}-heading");
    let labelled_by = heading.clone();
    view! {
        <section class="card form-section" id=id aria-labelledby=labelled_by>
            <h2 id=heading>{title}</h2>
            {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
            {(!section.is_empty()).then(|| super::ui::section_messages(section))}
            {content}
        </section>
    }
}
