//! The transfer bundle: import and export of many models (see `lisa_admin::start`).

fn main() {
    lisa_admin::start(lisa_admin::Section::Transfer, lisa_admin::transfer_routes);
}
