/**
 * The running service: configuration ({@code lookup.*}), the Netty HTTP server, API keys, routing,
 * {@code /health}, {@code /metrics} (Prometheus text) and the reloader that polls the warehouse's
 * tables and swaps in each newly published night. Entry point {@link
 * org.segmentofone.lookup.service.LookupMain}.
 */
package org.segmentofone.lookup.service;
