from django.core.management import call_command

from berichten.models import Bericht
from klantcontacten.models import Betrokkene, Klantcontact
from partijen.models import Partij, PartijIdentificator
from taken.models import InterneTaak, Taak


def test_demo_data_loads_realistic_partijen_and_a_second_run_adds_nothing(
    db, capsys, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)  # the demo bericht's PDF
    call_command("load_demo_data")
    first = Partij.objects.count()
    assert first >= 5
    assert PartijIdentificator.objects.filter(
        partij_identificator_code_soort_object_id="bsn", partij_identificator_object_id="999993653"
    ).exists()
    assert Partij.objects.filter(soort_partij="organisatie").exists()
    assert Partij.objects.filter(soort_partij="contactpersoon").exists()
    assert all(p.nummer for p in Partij.objects.all())

    contacten = Klantcontact.objects.count()
    assert contacten == 3
    # Two contacts with a known partij (by BSN and by KVK), one anonymous.
    assert Betrokkene.objects.filter(partij__isnull=False).count() == 2
    assert Betrokkene.objects.filter(partij__isnull=True).count() == 1
    assert all(kc.onderwerpobjecten.exists() for kc in Klantcontact.objects.exclude(kanaal="balie"))

    taak = Taak.objects.get()
    assert taak.partij.partij_identificatoren.filter(
        partij_identificator_object_id="999993653"
    ).exists()
    assert InterneTaak.objects.get().actoren.count() == 1

    bericht = Bericht.objects.get()
    assert bericht.gebruiker_id == "999993653"
    assert bericht.partij == taak.partij and bericht.taak == taak
    assert bericht.bijlagen.get().inhoud

    call_command("load_demo_data")
    assert Partij.objects.count() == first
    assert (Taak.objects.count(), InterneTaak.objects.count()) == (1, 1)
    assert Klantcontact.objects.count() == contacten
    out = capsys.readouterr().out
    assert "Demo data partijen: 0 created." in out
    assert "Demo data klantcontacten: 0 created." in out
    assert "Demo data taken: 0 created." in out
    assert "Demo data berichten: 0 created." in out
    assert Bericht.objects.count() == 1
