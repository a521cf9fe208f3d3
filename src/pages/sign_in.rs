//! Sign-in by pasting a LISA token, API key or OIDC ID token. The token goes to sessionStorage
//! only; afterwards the admin returns to the page they came from.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::page::PageHeading;
use crate::routes;
use crate::session::use_session;

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let go = routes::use_go();
    let token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);

    let return_to = move || routes::safe_return_path(&query.read().get("return").unwrap_or_default());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match session.sign_in(&token.get_untracked()) {
            Ok(()) => {
                token.set(String::new());
                go(&routes::href(&return_to()));
            }
            Err(e) => error.set(Some(e)),
        }
    };

    view! {
        <section class="page sign-in" id="page-sign-in">
            <PageHeading text="Sign in to LISA Admin" />
            <p>
                "Paste a LISA API token, the management key, or an OIDC ID token. It is kept in this "
                "browser tab only (session storage) and sent to LISA's API in the Authorization header."
            </p>
            <form on:submit=submit class="form narrow">
                <label for="token">"Token"</label>
                <input
                    id="token"
                    name="token"
                    type="password"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || token.get()
                    on:input:target=move |ev| token.set(ev.target().value())
                    aria-describedby="token-help"
                />
                <p id="token-help" class="muted">"A leading \"Bearer \" is removed."</p>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert" id="sign-in-error">{e}</p> })}
                <button type="submit" class="button primary" id="sign-in-submit">"Sign in"</button>
            </form>
        </section>
    }
}
