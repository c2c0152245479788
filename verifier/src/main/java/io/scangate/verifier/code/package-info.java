/** Product codes: Crockford base32 text, the keyed tag that proves a code was issued, and key secrets. */
package io.scangate.verifier.code;
