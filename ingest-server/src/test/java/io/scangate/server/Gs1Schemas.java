package io.scangate.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * GS1's JSON schemas vendored in {@code src/test/resources/gs1/} (see its README for sources and
 * licence), read as draft-07 and checked with com.networknt:json-schema-validator. Nothing is
 * fetched: a {@code $schema} that names no json-schema.org meta-schema (the description file
 * schema's, which GS1 never published) is set aside in memory so the draft-07 default applies.
 */
final class Gs1Schemas {
    /** GS1's linkset schema for conformant resolvers ({@code @id} https://ref.gs1.org/standards/resolver/linkset-schema). */
    static final Schema GS1_LINKSET = load("gs1/gs1-linkset-schema.json");
    /** GS1's plain RFC 9264 linkset schema. */
    static final Schema RFC9264_LINKSET = load("gs1/linkset-schema.json");
    /** The resolver description file schema ({@code /.well-known/gs1resolver}). */
    static final Schema DESCRIPTION_FILE = load("gs1/resolver-description-file-schema.json");

    private Gs1Schemas() {
    }

    /** What {@code schema} finds wrong with {@code document}, as messages; empty when it validates. */
    static List<String> problems(final Schema schema, final JsonNode document) {
        return schema.validate(document).stream().map(Error::toString).toList();
    }

    /** The vendored resource {@code name} as JSON. */
    static JsonNode resource(final String name) {
        try (InputStream in = Gs1Schemas.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return TestServer.JSON.readTree(in);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema load(final String name) {
        final ObjectNode node = (ObjectNode) resource(name);
        if (!node.path("$schema").asText("").startsWith("http://json-schema.org/")) {
            node.remove("$schema");
        }
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(node);
    }
}
