//! The try bundle: trying a model and comparing models through LISA Serve (see `lisa_admin::start`).

fn main() {
    lisa_admin::start(lisa_admin::Section::Try, lisa_admin::try_routes);
}
