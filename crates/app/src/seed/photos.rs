//! Listing photos drawn in code: a gradient in the category's colours, a soft shadow and a simple
//! shape standing for the category, encoded as PNG. No network, no files shipped.

use anyhow::Context as _;
use junggye_products::Category;

/// Width and height of every generated photo, in pixels (a square, as Kakao crops cards).
pub const SIZE: u32 = 400;

/// The shape drawn for a category.
#[derive(Debug, Clone, Copy)]
enum Shape {
    Circle,
    RoundedSquare,
    Triangle,
    Diamond,
    Ring,
    Bar,
}

/// Top colour, bottom colour, shape colour, shape.
fn palette(category: Category) -> ([u8; 3], [u8; 3], [u8; 3], Shape) {
    match category {
        Category::Fashion => (
            [255, 214, 224],
            [214, 120, 150],
            [120, 40, 70],
            Shape::Triangle,
        ),
        Category::Appliances => (
            [214, 236, 255],
            [110, 160, 210],
            [40, 70, 120],
            Shape::RoundedSquare,
        ),
        Category::Furniture => ([245, 228, 200], [180, 140, 95], [100, 70, 40], Shape::Bar),
        Category::Beauty => (
            [255, 228, 244],
            [220, 150, 200],
            [150, 60, 120],
            Shape::Circle,
        ),
        Category::Tickets => (
            [255, 244, 200],
            [230, 190, 80],
            [150, 100, 20],
            Shape::Diamond,
        ),
        Category::Digital => (
            [220, 224, 235],
            [90, 100, 125],
            [30, 34, 48],
            Shape::RoundedSquare,
        ),
        Category::Books => ([232, 245, 225], [130, 180, 120], [50, 100, 50], Shape::Bar),
        Category::Hobby => ([236, 225, 255], [150, 120, 220], [70, 40, 140], Shape::Ring),
        Category::Sports => (
            [215, 250, 240],
            [80, 190, 160],
            [20, 110, 90],
            Shape::Circle,
        ),
        Category::Etc => (
            [240, 240, 240],
            [170, 170, 170],
            [80, 80, 80],
            Shape::Diamond,
        ),
    }
}

/// Whether `(x, y)`, relative to the shape's centre in units of its half-size, is inside.
fn inside(shape: Shape, x: f32, y: f32) -> bool {
    match shape {
        Shape::Circle => x * x + y * y <= 1.0,
        Shape::RoundedSquare => {
            let (dx, dy) = ((x.abs() - 0.7).max(0.0), (y.abs() - 0.7).max(0.0));
            x.abs() <= 1.0 && y.abs() <= 1.0 && dx * dx + dy * dy <= 0.09
        }
        Shape::Triangle => (-1.0..=1.0).contains(&y) && x.abs() <= (y + 1.0) / 2.0,
        Shape::Diamond => x.abs() + y.abs() <= 1.0,
        Shape::Ring => {
            let r = x * x + y * y;
            (0.36..=1.0).contains(&r)
        }
        Shape::Bar => x.abs() <= 1.0 && y.abs() <= 0.45,
    }
}

fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> [u8; 3] {
    let t = t.clamp(0.0, 1.0);
    let channel = |i: usize| {
        let (a, b) = (f32::from(a[i]), f32::from(b[i]));
        // `as` saturates; a convex combination of two bytes stays within 0..=255 anyway.
        (a + (b - a) * t).round() as u8
    };
    [channel(0), channel(1), channel(2)]
}

/// Raw RGB pixels of photo `variant` of a listing in `category`. Variants move, resize and
/// recolour the shape a little, so a listing's photos (and different listings) differ.
fn pixels(category: Category, variant: u32) -> Vec<u8> {
    let (top, bottom, ink, shape) = palette(category);
    // Small deterministic variations, from the variant number alone.
    let v = variant.wrapping_mul(2_654_435_761);
    let jitter = |shift: u32, range: f32| (((v >> shift) & 0xFF) as f32 / 255.0 - 0.5) * range;
    let size = SIZE as f32;
    let (cx, cy) = (0.5 + jitter(0, 0.2), 0.46 + jitter(8, 0.12));
    let half = 0.24 + jitter(16, 0.08);
    let ink = mix(ink, top, 0.25 + jitter(24, 0.4));
    let mut out = Vec::with_capacity((SIZE * SIZE * 3) as usize);
    for row in 0..SIZE {
        let fy = row as f32 / size;
        for col in 0..SIZE {
            let fx = col as f32 / size;
            let mut colour = mix(top, bottom, fy * 0.9 + fx * 0.1);
            // A soft shadow under the shape, as if it stood on a table.
            let (sx, sy) = (
                (fx - cx) / (half * 1.1),
                (fy - (cy + half * 1.05)) / (half * 0.22),
            );
            let shadow = sx * sx + sy * sy;
            if shadow < 1.0 {
                colour = mix(colour, [40, 40, 40], (1.0 - shadow) * 0.35);
            }
            if inside(shape, (fx - cx) / half, (fy - cy) / half) {
                // A highlight from the top left.
                let light = 1.0 - ((fx - cx + half) + (fy - cy + half)) / (4.0 * half);
                colour = mix(ink, [255, 255, 255], light * 0.35);
            }
            out.extend_from_slice(&colour);
        }
    }
    out
}

/// Photo `variant` of a listing in `category`, as PNG bytes.
///
/// # Errors
/// Only if the PNG encoder fails (it writes to memory, so it should not).
pub fn listing_photo(category: Category, variant: u32) -> anyhow::Result<Vec<u8>> {
    encode(&pixels(category, variant), SIZE, SIZE)
}

fn encode(rgb: &[u8], width: u32, height: u32) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().context("writing a PNG header")?;
    writer
        .write_image_data(rgb)
        .context("encoding PNG pixels")?;
    writer.finish().context("finishing a PNG")?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use junggye_products::images::{ImageKind, MAX_PHOTO_BYTES};

    use super::*;

    fn decode(bytes: &[u8]) -> (png::OutputInfo, Vec<u8>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        (info, buf)
    }

    #[test]
    fn photos_are_pngs_the_photo_sniffer_accepts_and_decode_back() {
        for category in Category::ALL {
            let bytes = listing_photo(category, 1).unwrap();
            assert_eq!(
                ImageKind::sniff(&bytes),
                Some(ImageKind::Png),
                "{category:?}"
            );
            assert!(bytes.len() < MAX_PHOTO_BYTES);
            let (info, pixels) = decode(&bytes);
            assert_eq!((info.width, info.height), (SIZE, SIZE));
            assert_eq!(
                pixels,
                super::pixels(category, 1),
                "{category:?} round-trips"
            );
        }
    }

    #[test]
    fn photos_differ_by_category_and_variant_and_are_not_blank() {
        let a = pixels(Category::Digital, 0);
        assert_ne!(a, pixels(Category::Books, 0));
        assert_ne!(a, pixels(Category::Digital, 1));
        assert_eq!(a, pixels(Category::Digital, 0), "deterministic");
        // The shape is drawn: the centre differs from the top-left corner.
        let centre = ((SIZE / 2 * SIZE + SIZE / 2) * 3) as usize;
        assert_ne!(a[0..3], a[centre..centre + 3]);
    }
}
