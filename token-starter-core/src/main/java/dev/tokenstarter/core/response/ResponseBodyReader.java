package dev.tokenstarter.core.response;

import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;

import dev.tokenstarter.core.definition.ResponseFormat;

/**
 * Reads the body of a token response in one format into a tree that JSON Pointers address, so that
 * {@link TokenResponseMapper} reads every format alike. A new format is a new reader.
 *
 * @author token-starter
 */
interface ResponseBodyReader {

	/**
	 * Return the format this reader reads.
	 * @return the format
	 */
	ResponseFormat format();

	/**
	 * Return whether a body of the given content type is in this reader's format.
	 * @param contentType the content type
	 * @return whether this reader reads it
	 */
	boolean canRead(MediaType contentType);

	/**
	 * Return the format's name in messages, such as {@code JSON}.
	 * @return the name
	 */
	String description();

	/**
	 * Read a body that is not empty.
	 * @param body the body
	 * @return the tree
	 * @throws IllegalArgumentException when the body is not valid in this format; the message never holds
	 * the body
	 */
	JsonNode read(byte[] body);

}
