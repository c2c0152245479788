package io.scangate.verifier.link;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads an anchor's links from their JSON form, {@code {"links": [{"linkType", "href", "title",
 * "hreflang", "type", "default"}, ...]}}, naming every problem at once: the anchor's, unknown or
 * mistyped fields, and what {@link LinkSet#of} refuses.
 *
 * <p>Concurrency: stateless; the mapper is thread-safe.
 */
public final class LinkParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("linkType", "href", "title", "hreflang", "type", "default");

    private LinkParser() {
    }

    /** The validated link set of the anchor {@code gtin} (+ {@code lot} or {@code serial}) that {@code json} describes. */
    public static LinkSet parse(final String gtin, final String lot, final String serial, final byte[] json) {
        final List<LinkProblem> problems = new ArrayList<>(Anchor.problems(gtin, lot, serial));
        final List<Link> links = links(body(json), problems);
        if (links != null) {
            if (lot == null && serial == null) {
                problems.addAll(LinkRules.gtinProblems(links));
            }
            final Set<String> said = new HashSet<>();
            problems.forEach(p -> said.add(p.path()));
            for (final LinkProblem p : LinkRules.problems(links)) {
                if (!said.contains(p.path())) { // a mistyped field is named once, as mistyped
                    problems.add(p);
                }
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(LinkParser::linkIndex)); // stable: each link's problems together, in field order
            throw new LinkRejectedException(problems);
        }
        return new LinkSet(Anchor.of(gtin, lot, serial), links);
    }

    /** The index of the link a problem is about ({@code links[3].href}: 3), or -1 for the anchor and the body. */
    private static int linkIndex(final LinkProblem p) {
        final String path = p.path();
        final int end = path.indexOf(']');
        return path.startsWith("links[") && end > 6 ? Integer.parseInt(path.substring(6, end)) : -1;
    }

    private static JsonNode body(final byte[] json) {
        try {
            final JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new LinkRejectedException(List.of(new LinkProblem("$", "must be a JSON object {\"links\": [...]}")));
            }
            return node;
        } catch (final JsonProcessingException e) {
            throw new LinkRejectedException(List.of(new LinkProblem("$", "malformed JSON: " + e.getOriginalMessage())));
        } catch (final IOException e) {
            throw new LinkRejectedException(List.of(new LinkProblem("$", "unreadable JSON: " + e.getMessage())));
        }
    }

    /** The links as given (null if there is no list; a non-object is a null link), adding the problems of their JSON form. */
    private static List<Link> links(final JsonNode body, final List<LinkProblem> problems) {
        final Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            final String name = names.next();
            if (!"links".equals(name)) {
                problems.add(new LinkProblem(name, "is not a field of a link set (its one field: links)"));
            }
        }
        final JsonNode list = body.get("links");
        if (list == null || !list.isArray()) {
            problems.add(new LinkProblem("links", "is required: a list of links (empty removes the anchor's links)"));
            return null;
        }
        final List<Link> links = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            links.add(link(list.get(i), "links[" + i + "]", problems));
        }
        return links;
    }

    private static Link link(final JsonNode n, final String at, final List<LinkProblem> problems) {
        if (!n.isObject()) {
            problems.add(new LinkProblem(at, "must be a link object"));
            return null;
        }
        final Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
            final String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(new LinkProblem(at + "." + name, "is not a field of a link (fields: linkType, href, title, hreflang, type, default)"));
            }
        }
        final JsonNode dflt = n.get("default");
        if (dflt != null && !dflt.isNull() && !dflt.isBoolean()) {
            problems.add(new LinkProblem(at + ".default", "must be true or false"));
        }
        return new Link(text(n, at, "linkType", problems), text(n, at, "href", problems), text(n, at, "title", problems),
                languages(n.get("hreflang"), at + ".hreflang", problems), text(n, at, "type", problems), dflt != null && dflt.asBoolean(false));
    }

    private static String text(final JsonNode n, final String at, final String field, final List<LinkProblem> problems) {
        final JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            problems.add(new LinkProblem(at + "." + field, "must be a string"));
            return null;
        }
        return v.asText();
    }

    /** {@code hreflang}: a list of tags, or one tag as a string. */
    private static List<String> languages(final JsonNode v, final String at, final List<LinkProblem> problems) {
        final List<String> tags = new ArrayList<>();
        if (v == null || v.isNull()) {
            return tags;
        }
        if (v.isTextual()) {
            tags.add(v.asText());
            return tags;
        }
        if (!v.isArray()) {
            problems.add(new LinkProblem(at, "must be a list of language tags"));
            return tags;
        }
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i).isTextual()) {
                tags.add(v.get(i).asText());
            } else {
                problems.add(new LinkProblem(at + "[" + i + "]", "must be a string"));
            }
        }
        return tags;
    }
}
