//! A drawn frame as an SVG picture: the README's screenshots come from the app's own buffer,
//! so they show what the code draws (colours, bold, reverse, double-width characters) and a
//! test can tell when they are out of date.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr as _;

/// One cell's size in pixels, for a 14 px monospace font.
const CELL_W: f32 = 8.4;
const CELL_H: f32 = 18.0;

/// The terminal's own colours for `Color::Reset`, dark or light.
struct Ground {
    fg: &'static str,
    bg: &'static str,
}

const DARK: Ground = Ground {
    fg: "#d0d0d0",
    bg: "#1c1c1c",
};
const LIGHT: Ground = Ground {
    fg: "#1c1c1c",
    bg: "#fafafa",
};

/// The frame in `buffer` as an SVG document, on a dark or a light terminal.
#[must_use]
pub fn svg(buffer: &Buffer, dark: bool) -> String {
    let ground = if dark { &DARK } else { &LIGHT };
    let area = buffer.area;
    let (w, h) = (
        f32::from(area.width) * CELL_W,
        f32::from(area.height) * CELL_H,
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.1} {h:.1}">"#
    );
    let _ = writeln!(
        out,
        r#"<style>text{{font-family:"DejaVu Sans Mono",Menlo,Consolas,"Noto Sans Mono CJK SC","Sarasa Mono SC",monospace;font-size:14px;white-space:pre}}.b{{font-weight:bold}}.u{{text-decoration:underline}}</style>"#
    );
    let _ = writeln!(
        out,
        r#"<rect width="100%" height="100%" fill="{}"/>"#,
        ground.bg
    );
    for y in 0..area.height {
        let mut cells: Vec<Cell> = (0..area.width)
            .map(|x| Cell::of(&buffer[(area.x + x, area.y + y)], ground))
            .collect();
        // A terminal paints a double-width character's second cell with the first one's
        // background, whatever that cell holds.
        for x in 1..cells.len() {
            if cells[x - 1].symbol.width() > 1 {
                cells[x].bg = cells[x - 1].bg.clone();
            }
        }
        backgrounds(&mut out, &cells, y, ground);
        texts(&mut out, &cells, y);
    }
    out.push_str("</svg>\n");
    out
}

/// What a picture needs of a cell: its symbol, its colours after `REVERSED`, bold, underline.
struct Cell {
    symbol: String,
    fg: String,
    bg: String,
    bold: bool,
    underline: bool,
}

impl Cell {
    fn of(cell: &ratatui::buffer::Cell, ground: &Ground) -> Cell {
        let mut fg = hex(cell.fg).unwrap_or_else(|| ground.fg.to_owned());
        let mut bg = hex(cell.bg).unwrap_or_else(|| ground.bg.to_owned());
        if cell.modifier.contains(Modifier::REVERSED) {
            std::mem::swap(&mut fg, &mut bg);
        }
        Cell {
            symbol: cell.symbol().to_owned(),
            fg,
            bg,
            bold: cell.modifier.contains(Modifier::BOLD),
            underline: cell.modifier.contains(Modifier::UNDERLINED),
        }
    }
}

/// One rectangle per run of cells with the same background other than the terminal's.
fn backgrounds(out: &mut String, cells: &[Cell], y: u16, ground: &Ground) {
    let mut x = 0;
    while x < cells.len() {
        let bg = &cells[x].bg;
        let start = x;
        while x < cells.len() && cells[x].bg == *bg {
            x += 1;
        }
        if bg != ground.bg {
            let _ = writeln!(
                out,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{CELL_H:.1}" fill="{bg}"/>"#,
                px(start),
                f32::from(y) * CELL_H,
                px(x - start),
            );
        }
    }
}

/// One `<text>` per run of single-width, non-blank cells with the same look, at the run's
/// first cell; a double-width character is a run of its own, so it takes its two cells
/// whatever the font's advance. (One x per run, not per character: librsvg and other
/// renderers ignore all but the first of a list.)
fn texts(out: &mut String, cells: &[Cell], y: u16) {
    let baseline = f32::from(y) * CELL_H + 13.5;
    let mut x = 0;
    while x < cells.len() {
        let first = &cells[x];
        let width = first.symbol.width();
        if first.symbol.trim().is_empty() {
            x += width.max(1);
            continue;
        }
        let start = x;
        let mut text = String::new();
        if width > 1 {
            first.symbol.chars().for_each(|c| escape_into(&mut text, c));
            x += width;
        } else {
            while x < cells.len() {
                let cell = &cells[x];
                let same = cell.fg == first.fg
                    && cell.bold == first.bold
                    && cell.underline == first.underline;
                if !same || cell.symbol.width() != 1 || cell.symbol.trim().is_empty() {
                    break;
                }
                cell.symbol.chars().for_each(|c| escape_into(&mut text, c));
                x += 1;
            }
        }
        let mut class = Vec::new();
        if first.bold {
            class.push("b");
        }
        if first.underline {
            class.push("u");
        }
        let class = if class.is_empty() {
            String::new()
        } else {
            format!(r#" class="{}""#, class.join(" "))
        };
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{baseline:.1}" fill="{}"{class}>{text}</text>"#,
            px(start),
            first.fg,
        );
    }
}

fn px(cells: usize) -> f32 {
    f32::from(u16::try_from(cells).unwrap_or(u16::MAX)) * CELL_W
}

fn escape_into(out: &mut String, ch: char) {
    match ch {
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '&' => out.push_str("&amp;"),
        '"' => out.push_str("&quot;"),
        c => out.push(c),
    }
}

/// A colour as `#rrggbb` (xterm's values), or `None` for the terminal's own.
fn hex(color: Color) -> Option<String> {
    let (r, g, b) = match color {
        Color::Reset => return None,
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(n) => indexed(n),
        named => indexed(ansi_index(named)),
    };
    Some(format!("#{r:02x}{g:02x}{b:02x}"))
}

fn ansi_index(color: Color) -> u8 {
    match color {
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        _ => 0,
    }
}

/// The xterm 256-colour palette.
fn indexed(n: u8) -> (u8, u8, u8) {
    const BASE: [(u8, u8, u8); 16] = [
        (0x00, 0x00, 0x00),
        (0xcd, 0x31, 0x31),
        (0x0d, 0xbc, 0x79),
        (0xe5, 0xe5, 0x10),
        (0x24, 0x72, 0xc8),
        (0xbc, 0x3f, 0xbc),
        (0x11, 0xa8, 0xcd),
        (0xcc, 0xcc, 0xcc),
        (0x66, 0x66, 0x66),
        (0xf1, 0x4c, 0x4c),
        (0x23, 0xd1, 0x8b),
        (0xf5, 0xf5, 0x43),
        (0x3b, 0x8e, 0xea),
        (0xd6, 0x70, 0xd6),
        (0x29, 0xb8, 0xdb),
        (0xff, 0xff, 0xff),
    ];
    match n {
        0..=15 => BASE[usize::from(n)],
        16..=231 => {
            let n = n - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            (level(n / 36), level((n / 6) % 6), level(n % 6))
        }
        _ => {
            let v = 8 + (n - 232) * 10;
            (v, v, v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn a_cell_keeps_its_place_its_colour_and_its_look() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 6, 1));
        buffer.set_string(0, 0, "a<", Style::new().fg(Color::Green));
        buffer.set_string(2, 0, "华x", Style::new().add_modifier(Modifier::BOLD));
        buffer.set_string(5, 0, "r", Style::new().add_modifier(Modifier::REVERSED));
        let svg = svg(&buffer, true);
        assert!(
            svg.contains(r##"<text x="0.0" y="13.5" fill="#0dbc79">a&lt;</text>"##),
            "{svg}"
        );
        // The double-width character takes cells 2 and 3; the next one is at cell 4.
        assert!(
            svg.contains(r##"<text x="16.8" y="13.5" fill="#d0d0d0" class="b">华</text>"##),
            "{svg}"
        );
        assert!(
            svg.contains(r##"<text x="33.6" y="13.5" fill="#d0d0d0" class="b">x</text>"##),
            "{svg}"
        );
        // Reversed: the terminal's colours swap, the background becomes a rectangle.
        assert!(
            svg.contains(r##"<rect x="42.0" y="0.0" width="8.4" height="18.0" fill="#d0d0d0"/>"##),
            "{svg}"
        );
        assert!(svg.contains(r##"fill="#1c1c1c">r</text>"##), "{svg}");
    }

    #[test]
    fn xterm_palette_values() {
        assert_eq!(indexed(16), (0, 0, 0));
        assert_eq!(indexed(231), (255, 255, 255));
        assert_eq!(indexed(196), (255, 0, 0));
        assert_eq!(indexed(232), (8, 8, 8));
        assert_eq!(indexed(255), (238, 238, 238));
        assert_eq!(hex(Color::Rgb(1, 2, 255)).as_deref(), Some("#0102ff"));
        assert_eq!(hex(Color::Reset), None);
    }
}
