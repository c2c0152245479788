package io.scangate.verifier.link;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One link a resolver serves for an anchor: its GS1 link type (a compact {@code gs1:} term or an
 * absolute IRI), where it points, its title, the languages and media type of what it points to,
 * and whether it is the anchor's default link. Plain data: {@link LinkSet#of} validates.
 *
 * @param linkType  {@code gs1:pip}, {@code gs1:certificationInfo}, ... or an absolute http(s) IRI
 * @param href      absolute http(s) URL
 * @param title     what a person sees
 * @param hreflang  BCP 47 tags of the target's languages; empty when not said
 * @param type      media type of the target, or null
 * @param isDefault whether this is the anchor's default link (JSON {@code default})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Link(String linkType, String href, String title, List<String> hreflang, String type,
                   @JsonProperty("default") boolean isDefault) {
    public Link {
        hreflang = hreflang == null ? List.of() : List.copyOf(hreflang);
    }
}
