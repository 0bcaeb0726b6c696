package dev.murmur.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;

@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** Lower-case, [a-z0-9_]{3,30}. */
    @Column(nullable = false, updatable = false)
    public String handle;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Column(nullable = false)
    public String bio = "";

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    public static Optional<Account> findByHandle(String handle) {
        return find("lower(handle) = lower(?1)", handle).firstResultOptional();
    }
}
