using System.Collections;
using CsCheck;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Vigia.Fuzz.Tests.Generators;

/// <summary>
/// Requests of any RPC, generated from its message descriptor: each field keeps the value of a valid seed request or
/// takes a hostile one (<see cref="HostileValues"/>), nested messages alike, and repeated fields sometimes grow to
/// thousands of entries. Starting from a valid seed lets the checks after the first one be reached.
/// </summary>
public static class HostileRequests
{
    private const int MaxDepth = 4;

    /// <summary>A field left unset (CsCheck generates no nulls).</summary>
    private static readonly object s_unset = new();

    /// <summary>
    /// Requests like <paramref name="seed"/>: a third with about one field in four hostile, a third one in eight, a third
    /// one in thirty, so that many requests are valid (and what is accepted can be followed) and many are not.
    /// </summary>
    public static Gen<IMessage> For(MessageDescriptor descriptor, IMessage seed) =>
        Gen.OneOf(6, 14, 60).SelectMany(keep => Message(descriptor, seed, 0, small: false, keep));

    private static Gen<IMessage> Message(MessageDescriptor descriptor, IMessage? seed, int depth, bool small, int keep)
    {
        var fields = descriptor.Fields.InDeclarationOrder();
        Gen<List<(FieldDescriptor Field, object Value)>> values = Gen.Const(() => new List<(FieldDescriptor, object)>());
        foreach (var field in fields)
        {
            var seeded = seed is not null && HasValue(field, seed) ? field.Accessor.GetValue(seed) : s_unset;
            var fieldGen = Gen.Frequency(
                (seeded == s_unset ? keep / 2 : keep, (IGen<object>)Gen.Const(seeded)),
                (2, Field(field, seeded, depth, small, keep)));
            values = Gen.Select(values, fieldGen, (list, value) =>
            {
                list.Add((field, value));
                return list;
            });
        }

        return values.Select(list =>
        {
            var message = (IMessage)Activator.CreateInstance(descriptor.ClrType)!;
            foreach (var (field, value) in list)
            {
                Set(message, field, value);
            }

            return message;
        });
    }

    private static Gen<object> Field(FieldDescriptor field, object seeded, int depth, bool small, int keep)
    {
        if (field.IsMap)
        {
            var entry = Gen.Select(HostileValues.Text(small: true), HostileValues.Text(small: true), (k, v) => new KeyValuePair<string, string>(k, v));
            return Count(small).SelectMany(n => entry.Array[n, n]).Select(e => (object)e);
        }

        if (field.IsRepeated)
        {
            return Count(small).SelectMany(n => Single(field, s_unset, depth, small || n > 20, keep).Array[n, n]).Select(items => (object)items);
        }

        return Single(field, seeded, depth, small, keep);
    }

    /// <summary>How many entries a repeated field gets: a few, or thousands.</summary>
    private static Gen<int> Count(bool small) => Gen.Frequency(
        (40, (IGen<int>)Gen.Int[0, 4]),
        (small ? 0 : 1, Gen.OneOf(101, 501, 5_001, 43_000)));

    private static Gen<object> Single(FieldDescriptor field, object seeded, int depth, bool small, int keep) => field.FieldType switch
    {
        FieldType.String => HostileValues.Text(small).Select(v => (object)v),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => HostileValues.WholeNumber.Select(v => (object)v),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => HostileValues.LongNumber.Select(v => (object)v),
        FieldType.UInt32 or FieldType.Fixed32 => HostileValues.WholeNumber.Select(v => (object)unchecked((uint)v)),
        FieldType.UInt64 or FieldType.Fixed64 => HostileValues.LongNumber.Select(v => (object)unchecked((ulong)v)),
        FieldType.Double => HostileValues.RealNumber.Select(v => (object)v),
        FieldType.Float => HostileValues.RealNumber.Select(v => (object)(float)v),
        FieldType.Bool => Gen.Bool.Select(v => (object)v),
        FieldType.Bytes => Gen.Byte.Array[0, 64].Select(b => (object)ByteString.CopyFrom(b)),
        FieldType.Enum => HostileValues.EnumNumber(field.EnumType.Values.Count).Select(v => (object)System.Enum.ToObject(field.EnumType.ClrType, v)),
        FieldType.Message => MessageValue(field.MessageType, seeded as IMessage, depth, small, keep),
        _ => Gen.Const(s_unset),
    };

    private static Gen<object> MessageValue(MessageDescriptor type, IMessage? seeded, int depth, bool small, int keep)
    {
        if (type.FullName == Google.Type.Date.Descriptor.FullName)
        {
            return HostileValues.Date.Select(d => (object)new Google.Type.Date { Year = d.Year, Month = d.Month, Day = d.Day });
        }

        if (type.FullName == Timestamp.Descriptor.FullName)
        {
            return HostileValues.Timestamp.Select(t => (object)t);
        }

        if (type.FullName == FieldMask.Descriptor.FullName)
        {
            return HostileValues.Text(small: true).Array[0, 4].Select(paths => (object)new FieldMask { Paths = { paths } });
        }

        return depth >= MaxDepth ? Gen.Const(s_unset) : Message(type, seeded, depth + 1, small, keep).Select(m => (object)m);
    }

    /// <summary>Whether the seed sets the field (proto3 scalars have no presence: a default value is unset).</summary>
    private static bool HasValue(FieldDescriptor field, IMessage seed) => field.Accessor.GetValue(seed) switch
    {
        null => false,
        string text => text.Length > 0,
        bool flag => flag,
        ICollection collection => collection.Count > 0,
        IMessage => true,
        ByteString bytes => bytes.Length > 0,
        var number => Convert.ToDouble(number, System.Globalization.CultureInfo.InvariantCulture) != 0,
    };

    private static void Set(IMessage message, FieldDescriptor field, object value)
    {
        switch (value)
        {
            case var unset when unset == s_unset:
                return;
            case IEnumerable<KeyValuePair<string, string>> entries when field.IsMap:
                var map = (IDictionary)field.Accessor.GetValue(message);
                foreach (var (key, entryValue) in entries)
                {
                    map[key] = entryValue;
                }

                return;
            case IEnumerable items when field.IsRepeated && value is not string:
                var list = (IList)field.Accessor.GetValue(message);
                foreach (var item in items)
                {
                    if (item is not null && item != s_unset)
                    {
                        list.Add(item);
                    }
                }

                return;
            default:
                field.Accessor.SetValue(message, value);
                return;
        }
    }
}
