using Microsoft.EntityFrameworkCore;
using Vigia.ServiceDefaults.Persistence;

namespace Vigia.ServiceDefaults.Delivery;

public static class OutboxModel
{
    /// <summary>Adds the outbox and inbox tables, and the table of items consumers set aside, to a service's model.</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Sequence);
            e.Property(m => m.Sequence).ValueGeneratedOnAdd();
            e.HasIndex(m => m.MessageId).IsUnique();
            e.HasIndex(m => m.SentAt);
            e.Property(m => m.MessageType).HasMaxLength(300);
            e.Property(m => m.Body).UseFastCompression();
            e.Property(m => m.Payload).UseFastCompression();
        });
        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable("inbox_messages");
            e.HasKey(m => new { m.MessageId, m.Consumer });
            e.Property(m => m.Consumer).HasMaxLength(200);
        });
        modelBuilder.Entity<SetAsideItem>(e =>
        {
            e.ToTable("set_aside_items");
            e.HasKey(i => i.Id);
            e.Property(i => i.Id).ValueGeneratedNever();
            e.HasIndex(i => new { i.Consumer, i.SetAsideAt });
            e.Property(i => i.Consumer).HasMaxLength(200);
            e.Property(i => i.ItemKey).HasMaxLength(200);
            e.Property(i => i.ItemType).HasMaxLength(300);
        });
        return modelBuilder;
    }
}
