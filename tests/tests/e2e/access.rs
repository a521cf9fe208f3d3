//! Accessibility: axe-core on every page and dialog (one walk, one figure line), and the whole
//! app operated by keyboard alone (`keyboard`): keys are sent to the focused element as a user
//! presses them, never clicked through scripts.

use lisa_e2e::visual::{self, Theme, World, PAGES};
use lisa_e2e::{a11y, ensure, TestResult};

mod keyboard;

pub fn cases() -> Vec<crate::Case> {
    let mut cases = crate::cases![every_page_and_dialog_passes_axe];
    cases.extend(keyboard::cases());
    cases
}

/// Every page, every form variant and every dialog, in the states an admin sees them, in light
/// and in dark: the list in `lisa_e2e::visual::PAGES` (the visual check walks the same one).
async fn every_page_and_dialog_passes_axe() -> TestResult {
    let mut checked = 0;
    let mut problems = Vec::new();
    for world in World::ALL {
        let pages = visual::pages::of_world(world, &|_| true);
        let env = world.start().await?;
        for page in pages {
            visual::open(&env, page).await?;
            for theme in Theme::ALL {
                visual::set_theme(&env, theme).await?;
                let found = a11y::serious_violations(&env, None).await?;
                checked += 1;
                problems.extend(found.into_iter().map(|v| format!("{}, {}: {v}", page.title, theme.name())));
            }
            visual::still_there(&env, page).await?;
        }
        env.assert_no_panic().await?;
    }
    ensure!(checked == PAGES.len() * Theme::ALL.len(), "axe ran {checked} times for {} pages", PAGES.len());
    println!(
        "axe: {} pages and dialogs × {} themes, {} serious or critical violations",
        PAGES.len(),
        Theme::ALL.len(),
        problems.len()
    );
    ensure!(problems.is_empty(), "axe-core found:\n{}", problems.join("\n"));
    Ok(())
}
