/** Entry point ({@link org.segmentofone.Main}), bound configuration and the stage registry. */
package org.segmentofone;
