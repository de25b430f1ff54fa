package io.vellum.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns collapsed stacks (one line per distinct stack: frames from the root, separated by {@code ;}, then a space and
 * the sample count — async-profiler's {@code collapsed} output, Brendan Gregg's {@code stackcollapse} format) into a
 * static SVG flame graph: the root at the bottom, a frame's width its share of all samples, siblings in alphabetical
 * order, each frame's tooltip its name, samples and share. Colours by kind: kernel frames ({@code _[k]}) orange, Java
 * frames (a name with {@code /} or {@code .}) green, native frames red.
 *
 * <p>Usage: {@code FlameGraphSvg <collapsed file> <svg file> [title]}. No JavaScript: every browser and GitHub's file
 * view show it (tooltips on hover; zoom by opening the file in a browser tab and using its zoom).
 */
public final class FlameGraphSvg {
    private static final int WIDTH = 1200;
    private static final int FRAME_HEIGHT = 16;
    private static final int MARGIN = 10;
    private static final int TOP = 50;
    private static final double CHARACTER_WIDTH = 6.6;
    private static final double MINIMUM_DRAWN_WIDTH = 0.3;

    private FlameGraphSvg() {
    }

    /** One frame of the merged tree: its samples include its children's. */
    static final class Frame {
        final String name;
        long samples;
        final Map<String, Frame> children = new TreeMap<>();

        Frame(String name) {
            this.name = name;
        }

        Frame child(String childName) {
            return children.computeIfAbsent(childName, Frame::new);
        }

        int depth() {
            int deepest = 0;
            for (Frame child : children.values()) {
                deepest = Math.max(deepest, child.depth());
            }
            return deepest + 1;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: FlameGraphSvg <collapsed file> <svg file> [title]");
        }
        Frame root = read(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8));
        String title = args.length > 2 ? args[2] : "Flame graph";
        try (Writer out = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8)) {
            write(root, title, out);
        }
        System.out.println(args[1] + ": " + root.samples + " samples, " + (root.depth() - 1) + " frames deep");
    }

    /** Merges collapsed-stack lines into one tree under a root named "all"; lines that are not a stack are skipped. */
    static Frame read(List<String> lines) {
        Frame root = new Frame("all");
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            long count;
            try {
                count = Long.parseLong(line.substring(space + 1).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            root.samples += count;
            Frame frame = root;
            for (String name : line.substring(0, space).split(";")) {
                frame = frame.child(name);
                frame.samples += count;
            }
        }
        return root;
    }

    static void write(Frame root, String title, Writer out) throws IOException {
        int depth = root.depth();
        int height = TOP + depth * FRAME_HEIGHT + MARGIN * 3;
        out.write("<?xml version=\"1.0\" standalone=\"no\"?>\n");
        out.write("<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\""
                + height + "\" viewBox=\"0 0 " + WIDTH + " " + height + "\" font-family=\"Verdana, sans-serif\""
                + " font-size=\"11\">\n");
        out.write("<rect x=\"0\" y=\"0\" width=\"" + WIDTH + "\" height=\"" + height + "\" fill=\"#f8f8f0\"/>\n");
        out.write("<text x=\"" + WIDTH / 2 + "\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">" + escape(title)
                + "</text>\n");
        out.write("<text x=\"" + MARGIN + "\" y=\"42\" font-size=\"11\" fill=\"#555\">" + root.samples
                + " samples; width = share of samples; hover a frame for its count</text>\n");
        double scale = root.samples == 0 ? 0 : (WIDTH - 2.0 * MARGIN) / root.samples;
        List<String> frames = new ArrayList<>();
        draw(root, MARGIN, height - MARGIN * 2 - FRAME_HEIGHT, scale, root.samples, frames);
        for (String frame : frames) {
            out.write(frame);
        }
        out.write("</svg>\n");
    }

    private static void draw(Frame frame, double x, int y, double scale, long total, List<String> into) {
        double width = frame.samples * scale;
        if (width < MINIMUM_DRAWN_WIDTH) {
            return;
        }
        String tooltip = frame.name + " (" + frame.samples + " samples, "
                + String.format(java.util.Locale.ROOT, "%.2f", 100.0 * frame.samples / total) + " %)";
        StringBuilder svg = new StringBuilder(256);
        svg.append("<g><title>").append(escape(tooltip)).append("</title><rect x=\"")
                .append(String.format(java.util.Locale.ROOT, "%.1f", x)).append("\" y=\"").append(y).append("\" width=\"")
                .append(String.format(java.util.Locale.ROOT, "%.1f", width)).append("\" height=\"").append(FRAME_HEIGHT - 1)
                .append("\" fill=\"").append(colour(frame.name)).append("\" rx=\"2\"/>");
        int characters = (int) ((width - 6) / CHARACTER_WIDTH);
        if (characters >= 3) {
            String label = frame.name.length() <= characters ? frame.name
                    : frame.name.substring(0, characters - 2) + "..";
            svg.append("<text x=\"").append(String.format(java.util.Locale.ROOT, "%.1f", x + 3)).append("\" y=\"").append(y + 11)
                    .append("\">").append(escape(label)).append("</text>");
        }
        svg.append("</g>\n");
        into.add(svg.toString());
        double childX = x;
        for (Frame child : frame.children.values()) {
            draw(child, childX, y - FRAME_HEIGHT, scale, total, into);
            childX += child.samples * scale;
        }
    }

    /** A stable colour per name, in a hue band per kind of frame. */
    private static String colour(String name) {
        int variation = Math.floorMod(name.hashCode(), 55);
        if (name.endsWith("_[k]")) {
            return rgb(230, 140 + variation, 40);
        }
        if (name.contains("/") || name.contains(".")) {
            return rgb(80 + variation, 190, 80 + variation / 2);
        }
        return rgb(225, 90 + variation, 80 + variation / 2);
    }

    private static String rgb(int red, int green, int blue) {
        return "rgb(" + red + "," + green + "," + blue + ")";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
