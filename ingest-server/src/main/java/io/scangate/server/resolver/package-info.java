/**
 * The URI side of a GS1-Conformant Digital Link resolver (issue 15): parsing and validating GS1
 * Digital Link URIs for primary key 01 (GTIN) with its key qualifiers and data attributes, and
 * decompressing (and compressing) GS1 Digital Link compressed URIs. Pure classes; the HTTP handler
 * wires them in.
 */
package io.scangate.server.resolver;
