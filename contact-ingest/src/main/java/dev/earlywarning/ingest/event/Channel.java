package dev.earlywarning.ingest.event;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The channel of a contact. */
public enum Channel implements Coded {
    PHONE, EMAIL, CHAT, WHATSAPP, SOCIAL_MEDIA, WEBSITE_APP, MESSENGER, FACE_TO_FACE, VIDEO_CALL, LETTER;

    @JsonCreator
    public static Channel of(String code) {
        return Coded.parse(Channel.class, code);
    }
}
