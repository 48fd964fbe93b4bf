/**
 * {@code recommend}: the newest model, {@code interactions}, {@code person_profile}, {@code
 * products} and {@code events} in; {@code recommendations} and {@code trending} out.
 */
package org.segmentofone.recommend;
