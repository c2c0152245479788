/** The scangate UDP scan protocol, version 1: layouts and Agrona flyweight codecs shared by server and client. */
package io.scangate.client.protocol;
