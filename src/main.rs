//! The catalogue bundle: shell, sign-in, model catalogue and detail (see `lisa_admin::start`).

fn main() {
    lisa_admin::start(lisa_admin::Section::Catalogue, lisa_admin::catalogue_routes);
}
