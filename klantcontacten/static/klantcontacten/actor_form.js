"use strict";
// Actor form: show only the actorIdentificatie fields of the chosen soort actor. The mapping
// comes from the server (data-velden on the soort select), so it has one definition.
// Rows with an error stay visible, so a refused value can be seen and removed.
{
    const init = function() {
        const select = document.getElementById("id_soort_actor");
        if (!select || !select.dataset.velden) {
            return;
        }
        const velden = JSON.parse(select.dataset.velden);
        const alle = [...new Set(Object.values(velden).flat())];
        const update = function() {
            const toegestaan = velden[select.value] || alle;
            for (const naam of alle) {
                const row = document.querySelector(".form-row.field-" + naam);
                if (row) {
                    row.hidden = !toegestaan.includes(naam) && !row.classList.contains("errors");
                }
            }
        };
        select.addEventListener("change", update);
        update();
    };
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
}
