//! The catalogue bundle: shell, sign-in and the model catalogue (see `lisa_admin::start`).

fn main() {
    lisa_admin::start(lisa_admin::Section::Catalogue, lisa_admin::catalogue_routes);
}
