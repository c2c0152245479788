/** The public HTTP scan API on Netty: route, frame the body or path, hand the fields to the intake, answer in order. */
package io.scangate.server.http;
