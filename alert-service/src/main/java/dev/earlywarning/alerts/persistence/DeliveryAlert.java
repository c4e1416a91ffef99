package dev.earlywarning.alerts.persistence;

import java.io.Serializable;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One alert carried by a delivery. */
@Entity
@Table(name = "delivery_member")
@IdClass(DeliveryAlert.Key.class)
public class DeliveryAlert {

    /** The composite key. */
    public static class Key implements Serializable {
        public UUID deliveryId;
        public UUID alertId;

        public static Key of(UUID deliveryId, UUID alertId) {
            Key key = new Key();
            key.deliveryId = deliveryId;
            key.alertId = alertId;
            return key;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && java.util.Objects.equals(deliveryId, key.deliveryId)
                    && java.util.Objects.equals(alertId, key.alertId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(deliveryId, alertId);
        }
    }

    @Id
    @Column(name = "delivery_id")
    public UUID deliveryId;

    @Id
    @Column(name = "alert_id")
    public UUID alertId;
}
