//! Fitting a pane title into its border: the least important parts go first, and nothing is
//! cut in the middle of a number.

use ratatui::text::{Line, Span};

/// A title in three parts: `head` (what the pane shows and how many), `breakdown` (counts per
/// status, most common first, the first to go) and `tail` (spinner, cached/stale age).
/// `spare` are the indices of head parts that may go when the rest does not fit, before
/// anything is cut (e.g. `· 20/20 regions` once every region answered).
pub struct Title {
    pub head: Vec<Span<'static>>,
    pub breakdown: Vec<String>,
    pub tail: Vec<Span<'static>>,
    pub spare: Vec<usize>,
}

impl Title {
    /// The title within `width` columns: the whole breakdown if it fits, else its most common
    /// entries and `…`, else none; then without the spare parts; if even that is too long,
    /// whole parts from the end give way to `…`.
    #[must_use]
    pub fn fit(self, width: usize) -> Line<'static> {
        let Title {
            head,
            breakdown,
            tail,
            spare,
        } = self;
        if let Some(line) = with_breakdown(&head, &breakdown, &tail, width) {
            return line;
        }
        let head: Vec<Span<'static>> = head
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !spare.contains(i))
            .map(|(_, span)| span)
            .collect();
        if let Some(line) = with_breakdown(&head, &breakdown, &tail, width) {
            return line;
        }
        let mut kept = Vec::new();
        let mut used = 0;
        for span in head.into_iter().chain(tail) {
            // Room for this part and the closing ` … `.
            if used + span.width() + 3 > width {
                break;
            }
            used += span.width();
            kept.push(span);
        }
        // A separator left at the end would lead to nothing.
        if kept.last().is_some_and(|s| s.content.trim() == "·") {
            kept.pop();
        }
        if used + 3 <= width {
            kept.push(Span::raw(" … "));
        }
        Line::from(kept)
    }
}

/// `head`, as much of the breakdown as fits (most common first), and `tail`, if that fits.
fn with_breakdown(
    head: &[Span<'static>],
    breakdown: &[String],
    tail: &[Span<'static>],
    width: usize,
) -> Option<Line<'static>> {
    for shown in (0..=breakdown.len()).rev() {
        let mut spans = head.to_vec();
        if shown > 0 {
            let mut parts = breakdown[..shown].to_vec();
            if shown < breakdown.len() {
                parts.push("…".into());
            }
            spans.push(Span::raw(format!(" ({})", parts.join(" · "))));
        }
        spans.extend(tail.iter().cloned());
        let mut line = Line::from(spans);
        if line.width() <= width {
            // A space before the border line when there is room for it.
            if line.width() < width {
                line.push_span(Span::raw(" "));
            }
            return Some(line);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title() -> Title {
        Title {
            head: vec![Span::raw(" Instances"), Span::raw(" · cn-qingdao · 1,000")],
            breakdown: vec![
                "Running 767".into(),
                "Stopped 168".into(),
                "Pending 31".into(),
                "Starting 18".into(),
            ],
            tail: vec![Span::raw(" · stale 2m")],
            spare: Vec::new(),
        }
    }

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn everything_when_it_fits() {
        assert_eq!(
            text(&title().fit(200)),
            " Instances · cn-qingdao · 1,000 (Running 767 · Stopped 168 · Pending 31 · Starting 18) · stale 2m "
        );
    }

    #[test]
    fn the_least_common_statuses_go_first_and_no_number_is_cut() {
        assert_eq!(
            text(&title().fit(80)),
            " Instances · cn-qingdao · 1,000 (Running 767 · Stopped 168 · …) · stale 2m "
        );
        assert_eq!(
            text(&title().fit(50)),
            " Instances · cn-qingdao · 1,000 · stale 2m "
        );
    }

    #[test]
    fn narrower_still_whole_parts_give_way_to_an_ellipsis() {
        assert_eq!(text(&title().fit(35)), " Instances · cn-qingdao · 1,000 … ");
        assert_eq!(text(&title().fit(25)), " Instances … ");
        assert!(title().fit(2).width() <= 2);
    }

    #[test]
    fn spare_parts_go_before_anything_is_cut() {
        let title = || Title {
            head: vec![
                Span::raw(" Instances"),
                Span::raw(" · all regions"),
                Span::raw(" · 20/20 regions"),
                Span::raw(" · "),
                Span::raw("/web"),
                Span::raw(" 87/20,000"),
            ],
            breakdown: Vec::new(),
            tail: Vec::new(),
            spare: vec![2],
        };
        assert_eq!(
            text(&title().fit(70)),
            " Instances · all regions · 20/20 regions · /web 87/20,000 "
        );
        assert_eq!(
            text(&title().fit(45)),
            " Instances · all regions · /web 87/20,000 "
        );
        // Cut after a separator, the separator goes too.
        assert_eq!(text(&title().fit(30)), " Instances · all regions … ");
    }
}
