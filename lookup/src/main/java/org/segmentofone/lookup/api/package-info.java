/**
 * The JSON API over a {@link org.segmentofone.lookup.store.Snapshot}, independent of the HTTP
 * server: {@code /v1/recommendations}, {@code /v1/products/{id}/similar} and {@code
 * /v1/cart/complements}, their parameter checks and error bodies. The contract is docs/lookup.md.
 */
package org.segmentofone.lookup.api;
